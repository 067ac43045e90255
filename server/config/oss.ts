import { normalizePrefix } from '../policy/session-policy'
import { REAL_ENDPOINTS, UPLOAD_MAX_BYTES } from './defaults'
import type { ConfigReader } from './reader'
import type { AppConfig } from './types'

const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/
const REGION = /^[a-z]+-[a-z0-9-]+$/
const KEY_PREFIX = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/

/** OSS: the bucket uploads go to, its region (also STS's), the endpoint and the key prefix. */
export function readOss(r: ConfigReader, emulatorUrl: string): AppConfig['oss'] {
  const bucket = r.get('OSS_BUCKET') ?? 'viapi-kit-dev'
  r.matches('OSS_BUCKET', bucket, BUCKET, 'is not a valid bucket name (3–63 of a-z 0-9 -)')
  const region = r.get('OSS_REGION') ?? 'cn-shanghai'
  r.matches('OSS_REGION', region, REGION, 'is not a region id like cn-shanghai')
  const keyPrefix = normalizePrefix(r.get('OSS_KEY_PREFIX') ?? 'uploads')
  r.matches('OSS_KEY_PREFIX', keyPrefix, KEY_PREFIX, 'must be path segments of [A-Za-z0-9._-], e.g. uploads')
  return {
    bucket,
    region,
    endpoint: r.endpoint('OSS_ENDPOINT', `${emulatorUrl}/oss`, REAL_ENDPOINTS.oss),
    keyPrefix,
    maxBytes: UPLOAD_MAX_BYTES,
  }
}
