// ACS3-HMAC-SHA256 (signature V3), rebuilt from what was received:
//   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
//   StringToSign     = "ACS3-HMAC-SHA256\n" + hex(sha256(CanonicalRequest))
//   Signature        = hex(HMAC-SHA256(secret, StringToSign))   (no "&" appended, unlike V1)
// The server hashes the body itself, so a wrong x-acs-content-sha256 surfaces as a mismatch.
import { createHash, createHmac } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { canonicalQuery } from './encode'

export const V3_ALGORITHM = 'ACS3-HMAC-SHA256'

export interface V3Authorization {
  accessKeyId: string
  signedHeaders: string[]
  signature: string
}

export function parseV3Authorization(header: string): V3Authorization | null {
  if (!header.startsWith(`${V3_ALGORITHM} `)) return null
  const fields: Record<string, string> = {}
  for (const part of header.slice(V3_ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) return null
    fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim()
  }
  const { Credential, SignedHeaders, Signature } = fields
  if (!Credential || !SignedHeaders || !Signature) return null
  return { accessKeyId: Credential, signedHeaders: SignedHeaders.split(';'), signature: Signature }
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex')
}

export function v3CanonicalRequest(input: {
  method: string
  path: string
  query: Record<string, string>
  headers: IncomingHttpHeaders
  signedHeaders: string[]
  payloadHash: string
}): string {
  const canonicalHeaders = [...input.signedHeaders]
    .sort()
    .map((name) => {
      const v = input.headers[name]
      const value = Array.isArray(v)
        ? v
            .map((x) => x.trim())
            .sort()
            .join(',')
        : (v ?? '').trim()
      return `${name}:${value}\n`
    })
    .join('')
  return [
    input.method.toUpperCase(),
    input.path || '/',
    canonicalQuery(input.query),
    canonicalHeaders,
    [...input.signedHeaders].sort().join(';'),
    input.payloadHash,
  ].join('\n')
}

export function v3StringToSign(canonicalRequest: string): string {
  return `${V3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`
}

export function v3Signature(stringToSign: string, secret: string): string {
  return createHmac('sha256', secret).update(stringToSign, 'utf8').digest('hex')
}
