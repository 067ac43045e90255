import { CredentialsError } from '../base/errors'
import type { Provider, StsGrant } from '../base/credentials'
import type { UploadedObject } from '../oss/upload'
import { ossV4PresignedUrl } from '../signing/oss-presign-v4'

/**
 * How long a signed image URL lives. The API downloads the photo within the call; ten minutes
 * covers a slow network and a retry, and it never outlives the credentials that signed it.
 */
export const SIGNED_IMAGE_URL_SECONDS = 600

/**
 * The URL a vision API reads an uploaded photo by, as the grant's `imageUrlRoute` says: a V4-signed
 * GET URL (`signed-url`), or the object's plain URL (`plain-url`, and the viapi temporary bucket,
 * which the APIs read as it is). Why each: docs/real-cloud.md#image-url-routes.
 */
export function imageUrlFor(object: UploadedObject, grant: StsGrant, now: number): string {
  if (grant.imageUrlRoute !== 'signed-url') return object.url
  const c = grant.credentials
  const left = Math.floor((c.expiration.getTime() - now) / 1000)
  return ossV4PresignedUrl(object.url, {
    bucket: object.bucket,
    key: object.key,
    region: grant.oss.region,
    accessKeyId: c.accessKeyId,
    accessKeySecret: c.accessKeySecret,
    securityToken: c.securityToken,
    now,
    expiresSeconds: Math.max(1, Math.min(SIGNED_IMAGE_URL_SECONDS, left)),
  })
}

/**
 * Grants as the backend gives them, refused before any upload when they name the
 * `viapi-temp-bucket` route and the app did not link it (`viapiTempBucketRoute`).
 */
export function unroutedGrants(source: Provider<StsGrant>): Provider<StsGrant> {
  return async (stale) => {
    const grant = await source(stale)
    if (grant.imageUrlRoute === 'viapi-temp-bucket') {
      throw new CredentialsError('ImageUrlRouteNotLinked', 'The grant asks for the viapi-temp-bucket route, not linked in this app', {
        hint: 'Pass viapiTempBucketRoute, or set VIAPI_IMAGE_URL_ROUTE=signed-url.',
      })
    }
    return grant
  }
}
