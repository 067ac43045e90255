import HmacSHA256 from 'crypto-js/hmac-sha256'
import Hex from 'crypto-js/enc-hex'
import { acs3CanonicalQuery, sha256Hex } from './acs3'
import { ossV4Credential, ossV4SigningKey } from './oss-post-policy'
import { percentEncode } from './percent-encode'
import { ossV4Date, ossV4Timestamp } from './timestamps'

/** A GET of one object, signed in its query string (OSS V4 "signed URL"). */
export interface OssPresignInput {
  bucket: string
  key: string
  region: string
  accessKeyId: string
  accessKeySecret: string
  /** STS token: signed into the query as `x-oss-security-token`. */
  securityToken?: string
  /** Signing time, ms since epoch (the corrected clock). */
  now: number
  /** Validity in seconds from `now`; OSS accepts 1–604800. */
  expiresSeconds: number
}

/**
 * Canonical request of a query-signed GET with no signed headers: method, `/<bucket>/<key>` (the
 * bucket is in the URI whatever the host, so one signature serves the default endpoint and a bound
 * domain alike), the sorted percent-encoded query, no headers, `UNSIGNED-PAYLOAD`.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/add-signatures-to-urls
 */
export function ossV4PresignCanonicalRequest(bucket: string, key: string, query: Record<string, string>): string {
  const uri = percentEncode(`/${bucket}/${key}`).replace(/%2F/g, '/')
  // Same sorted RFC 3986 pairs as ACS3's canonical query.
  return ['GET', uri, acs3CanonicalQuery(query), '', '', 'UNSIGNED-PAYLOAD'].join('\n')
}

/** The query parameters of a V4 signed GET URL, `x-oss-signature` included. */
export function ossV4PresignQuery(input: OssPresignInput): Record<string, string> {
  const date = ossV4Date(input.now)
  const timestamp = ossV4Timestamp(input.now)
  const query: Record<string, string> = {
    'x-oss-credential': ossV4Credential(input.accessKeyId, date, input.region),
    'x-oss-date': timestamp,
    'x-oss-expires': String(input.expiresSeconds),
    'x-oss-signature-version': 'OSS4-HMAC-SHA256',
  }
  if (input.securityToken) query['x-oss-security-token'] = input.securityToken
  const canonicalRequest = ossV4PresignCanonicalRequest(input.bucket, input.key, query)
  const stringToSign = ['OSS4-HMAC-SHA256', timestamp, `${date}/${input.region}/oss/aliyun_v4_request`, sha256Hex(canonicalRequest)].join(
    '\n',
  )
  query['x-oss-signature'] = Hex.stringify(HmacSHA256(stringToSign, ossV4SigningKey(input.accessKeySecret, date, input.region)))
  return query
}

/** `<objectUrl>?<query>`: the object's URL on any of its hosts, with a V4 signature in the query. */
export function ossV4PresignedUrl(objectUrl: string, input: OssPresignInput): string {
  return `${objectUrl}?${acs3CanonicalQuery(ossV4PresignQuery(input))}`
}
