import HmacSHA256 from 'crypto-js/hmac-sha256'
import SHA256 from 'crypto-js/sha256'
import Hex from 'crypto-js/enc-hex'
import { percentEncode } from './percent-encode'

/**
 * ACS3-HMAC-SHA256, Alibaba Cloud's V3 signature, recommended over V1
 * (https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature).
 */
export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256'

/** Lower-case hex SHA-256 of a UTF-8 string (the payload hash, the canonical request's hash). */
export function sha256Hex(text: string): string {
  return Hex.stringify(SHA256(text))
}

/** Sorted `k=v` pairs, both RFC 3986 encoded; a key without value keeps its `=`. */
export function acs3CanonicalQuery(query: Record<string, string>): string {
  return Object.keys(query)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(query[k] ?? '')}`)
    .join('&')
}

/** Headers that take part in the signature: host, content-type and every x-acs-*. */
export function acs3SignedHeaderNames(headers: Record<string, string>): string[] {
  return Object.keys(headers)
    .map((h) => h.toLowerCase())
    .filter((h) => h === 'host' || h === 'content-type' || h.startsWith('x-acs-'))
    .sort()
}

export interface Acs3Request {
  method: string
  /** The resource path; `/` for RPC-style APIs. */
  path: string
  query: Record<string, string>
  headers: Record<string, string>
  /** Hex sha256 of the request body (`x-acs-content-sha256`). */
  hashedPayload: string
}

/**
 * CanonicalRequest = method \n uri \n query \n headers \n signedHeaders \n hex(sha256(body)); header
 * names lower-cased, values trimmed, the path's segments RFC 3986 encoded.
 */
export function acs3CanonicalRequest(req: Acs3Request): { canonicalRequest: string; signedHeaders: string } {
  const lower: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) lower[k.toLowerCase()] = String(v).trim()
  const names = acs3SignedHeaderNames(lower)
  const canonicalHeaders = names.map((h) => `${h}:${lower[h]}\n`).join('')
  const signedHeaders = names.join(';')
  const uri = req.path.split('/').map(percentEncode).join('/') || '/'
  return {
    canonicalRequest: [
      req.method.toUpperCase(),
      uri,
      acs3CanonicalQuery(req.query),
      canonicalHeaders,
      signedHeaders,
      req.hashedPayload,
    ].join('\n'),
    signedHeaders,
  }
}

/** StringToSign = 'ACS3-HMAC-SHA256' \n hex(sha256(CanonicalRequest)). */
export function acs3StringToSign(canonicalRequest: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`
}

/** Hex HMAC-SHA256 of the string-to-sign; the key is the secret as is (no `&`, unlike V1). */
export function acs3Signature(stringToSign: string, accessKeySecret: string): string {
  return Hex.stringify(HmacSHA256(stringToSign, accessKeySecret))
}

/** The `Authorization` header value for a request. */
export function acs3Authorization(req: Acs3Request, accessKeyId: string, accessKeySecret: string): string {
  const { canonicalRequest, signedHeaders } = acs3CanonicalRequest(req)
  const signature = acs3Signature(acs3StringToSign(canonicalRequest), accessKeySecret)
  return `${ACS3_ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`
}
