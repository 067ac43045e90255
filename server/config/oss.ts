import { normalizePrefix } from '../policy/session-policy'
import { REAL_ENDPOINTS, UPLOAD_MAX_BYTES } from './defaults'
import type { ConfigReader } from './reader'
import type { AppConfig } from './types'
import { VIAPI_TEMP_BUCKET, type ImageUrlRoute } from '../../src/lib/credentials'
import { getOssStsTokenOperation } from '../../src/lib/operations'

/** The routes VIAPI_IMAGE_URL_ROUTE takes (docs/real-cloud.md#image-url-routes). */
export const IMAGE_URL_ROUTES: readonly ImageUrlRoute[] = ['signed-url', 'viapi-temp-bucket', 'plain-url']

const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/
const REGION = /^[a-z]+-[a-z0-9-]+$/
const KEY_PREFIX = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/

/** OSS: the bucket uploads go to, its region (also STS's), the endpoint and the key prefix. */
export function readOss(r: ConfigReader, emulatorUrl: string): AppConfig['oss'] {
  const imageUrlRoute = r.oneOf('VIAPI_IMAGE_URL_ROUTE', IMAGE_URL_ROUTES, 'signed-url')
  const bucket = r.get('OSS_BUCKET') ?? 'viapi-kit-dev'
  r.matches('OSS_BUCKET', bucket, BUCKET, 'is not a valid bucket name (3–63 of a-z 0-9 -)')
  const region = r.get('OSS_REGION') ?? 'cn-shanghai'
  r.matches('OSS_REGION', region, REGION, 'is not a region id like cn-shanghai')
  const keyPrefix = normalizePrefix(r.get('OSS_KEY_PREFIX') ?? 'uploads')
  r.matches('OSS_KEY_PREFIX', keyPrefix, KEY_PREFIX, 'must be path segments of [A-Za-z0-9._-], e.g. uploads')
  return {
    bucket,
    bucketDomain: readBucketDomain(r),
    imageUrlRoute,
    tempBucket: imageUrlRoute === 'viapi-temp-bucket' ? readTempBucket(r, emulatorUrl) : undefined,
    region,
    endpoint: r.endpoint('OSS_ENDPOINT', `${emulatorUrl}/oss`, REAL_ENDPOINTS.oss),
    keyPrefix,
    maxBytes: UPLOAD_MAX_BYTES,
  }
}

/**
 * The bucket's bound custom domain (https in cloud mode), e.g. https://img.example.com: new accounts
 * must upload through one (https://www.alibabacloud.com/help/en/oss/user-guide/0048-00000401). Only
 * an origin, since OSS serves a bound domain at its root; the emulator's `/bound/<bucket>` path aside.
 */
function readBucketDomain(r: ConfigReader): string | undefined {
  const raw = r.get('OSS_BUCKET_DOMAIN')
  if (raw === undefined) return undefined
  const value = r.url('OSS_BUCKET_DOMAIN', raw)
  const parsed = URL.canParse(value) ? new URL(value) : undefined
  if (parsed && (parsed.search || parsed.hash || (r.cloud && parsed.pathname !== '/'))) {
    r.problem(`OSS_BUCKET_DOMAIN: give only the domain's origin, e.g. https://img.example.com (got "${raw}")`)
  }
  return value
}

/**
 * The viapi temporary bucket and the GetOssStsToken endpoint, for the viapi-temp-bucket route: the
 * vendor's own (https://help.aliyun.com/document_detail/155645.html), the emulator's in emulator mode.
 */
function readTempBucket(r: ConfigReader, emulatorUrl: string): NonNullable<AppConfig['oss']['tempBucket']> {
  return {
    bucket: VIAPI_TEMP_BUCKET,
    host: r.endpoint(
      'VIAPI_TEMP_BUCKET_HOST',
      `${emulatorUrl}/oss/${VIAPI_TEMP_BUCKET}`,
      `https://${VIAPI_TEMP_BUCKET}.oss-cn-shanghai.aliyuncs.com`,
    ),
    viapiutilsEndpoint: r.endpoint('VIAPIUTILS_ENDPOINT', emulatorUrl, getOssStsTokenOperation.cloudEndpoint),
  }
}
