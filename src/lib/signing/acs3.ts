import HmacSHA256 from 'crypto-js/hmac-sha256'
import SHA256 from 'crypto-js/sha256'
import Hex from 'crypto-js/enc-hex'
import { percentEncode } from './percent-encode'

/**
 * ACS3-HMAC-SHA256 (Alibaba Cloud's V3 signature, recommended over V1):
 * CanonicalRequest = method \n uri \n query \n headers \n signedHeaders \n hex(sha256(body));
 * StringToSign = 'ACS3-HMAC-SHA256' \n hex(sha256(CanonicalRequest)); key = the secret as is.
 */
export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256'

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

export function acs3CanonicalRequest(req: Acs3Request): { canonicalRequest: string; signedHeaders: string } {
  const lower: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) lower[k.toLowerCase()] = String(v).trim()
  const names = acs3SignedHeaderNames(lower)
  const canonicalHeaders = names.map((h) => `${h}:${lower[h]}\n`).join('')
  const signedHeaders = names.join(';')
  const uri = req.path.split('/').map(percentEncode).join('/') || '/'
  return {
    canonicalRequest: [req.method.toUpperCase(), uri, acs3CanonicalQuery(req.query), canonicalHeaders, signedHeaders, req.hashedPayload].join('\n'),
    signedHeaders,
  }
}

export function acs3StringToSign(canonicalRequest: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`
}

export function acs3Signature(stringToSign: string, accessKeySecret: string): string {
  return Hex.stringify(HmacSHA256(stringToSign, accessKeySecret))
}

/** The `Authorization` header value for a request. */
export function acs3Authorization(req: Acs3Request, accessKeyId: string, accessKeySecret: string): string {
  const { canonicalRequest, signedHeaders } = acs3CanonicalRequest(req)
  const signature = acs3Signature(acs3StringToSign(canonicalRequest), accessKeySecret)
  return `${ACS3_ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`
}
