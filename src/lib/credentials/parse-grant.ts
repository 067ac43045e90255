import { CredentialsError } from '../base/errors'
import type { ImageUrlRoute, StsGrant } from '../base/credentials'

/**
 * The one place the backend's `/api/sts` JSON is checked and turned into typed values. Anything
 * missing or malformed is a CredentialsError naming the field, never a crash later in signing.
 */
export function parseGrant(json: unknown): StsGrant {
  const o = asObject(json, 'response')
  const oss = asObject(o.oss, 'oss')
  const endpoints = asObject(o.endpoints, 'endpoints')
  const signatureVersion = oss.signatureVersion === undefined ? 'v4' : oss.signatureVersion
  if (signatureVersion !== 'v4' && signatureVersion !== 'v1') throw bad('oss.signatureVersion', 'must be "v4" or "v1"')
  // Checked where it is used: the kit signs for signed-url, refuses an unlinked route, else passes the plain URL.
  const route = o.imageUrlRoute
  const endpointMap: Record<string, string> = {}
  for (const [k, v] of Object.entries(endpoints)) endpointMap[k] = str(v, `endpoints.${k}`)
  return {
    credentials: {
      accessKeyId: str(o.accessKeyId, 'accessKeyId'),
      accessKeySecret: str(o.accessKeySecret, 'accessKeySecret'),
      securityToken: str(o.securityToken, 'securityToken'),
      expiration: date(o.expiration, 'expiration'),
    },
    oss: {
      bucket: str(oss.bucket, 'oss.bucket'),
      region: str(oss.region, 'oss.region'),
      host: str(oss.host, 'oss.host').replace(/\/+$/, ''),
      keyPrefix: typeof oss.keyPrefix === 'string' ? oss.keyPrefix : '',
      signatureVersion,
      maxBytes: typeof oss.maxBytes === 'number' && oss.maxBytes > 0 ? oss.maxBytes : 3 * 1024 * 1024,
    },
    endpoints: endpointMap,
    serverTime: date(o.serverTime, 'serverTime'),
    imageUrlRoute: route as ImageUrlRoute | undefined,
  }
}

function bad(field: string, why: string): CredentialsError {
  return new CredentialsError('InvalidStsResponse', `The backend's credentials response has a bad "${field}": ${why}`, {
    hint: 'Update the older of the backend and the app (/api/sts format).',
  })
}

function asObject(v: unknown, field: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad(field, 'expected an object')
  return v as Record<string, unknown>
}

function str(v: unknown, field: string): string {
  if (typeof v !== 'string' || v === '') throw bad(field, 'expected a non-empty string')
  return v
}

function date(v: unknown, field: string): Date {
  const d = typeof v === 'string' ? new Date(v) : undefined
  if (!d || !Number.isFinite(d.getTime())) throw bad(field, 'expected an ISO-8601 date')
  return d
}
