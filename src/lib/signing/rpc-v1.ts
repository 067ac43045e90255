import HmacSHA1 from 'crypto-js/hmac-sha1'
import Base64 from 'crypto-js/enc-base64'
import { percentEncode } from './percent-encode'

/** Sorted, percent-encoded `k=v&k=v` of every parameter except `Signature`. */
export function rpcCanonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join('&')
}

/**
 * The classic Alibaba Cloud RPC signature (SignatureMethod HMAC-SHA1, SignatureVersion 1.0):
 * StringToSign = METHOD & %2F & encode(canonicalized query), key = secret + '&'.
 */
export function rpcStringToSign(method: string, params: Record<string, string>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(rpcCanonicalQuery(params))}`
}

/** Base64 HMAC-SHA1 of the string-to-sign; Alibaba Cloud appends `&` to the secret. */
export function rpcSignature(stringToSign: string, accessKeySecret: string): string {
  return Base64.stringify(HmacSHA1(stringToSign, accessKeySecret + '&'))
}

/** What a V1-signed call needs besides its own parameters. */
export interface RpcV1SigningInput {
  method: 'GET' | 'POST'
  action: string
  version: string
  params: Record<string, string>
  accessKeyId: string
  accessKeySecret: string
  securityToken?: string
  /** UTC ISO-8601 without milliseconds, from the corrected clock. */
  timestamp: string
  /** Must never repeat. */
  nonce: string
  /** @default 'JSON' */
  format?: string
  regionId?: string
}

/** All parameters of a V1 call, `Signature` included. */
export function signRpcV1(input: RpcV1SigningInput): Record<string, string> {
  const params: Record<string, string> = {
    ...input.params,
    Action: input.action,
    Version: input.version,
    Format: input.format ?? 'JSON',
    AccessKeyId: input.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: input.nonce,
    Timestamp: input.timestamp,
  }
  if (input.regionId) params.RegionId = input.regionId
  if (input.securityToken) params.SecurityToken = input.securityToken
  params.Signature = rpcSignature(rpcStringToSign(input.method, params), input.accessKeySecret)
  return params
}
