// RPC signature V1 (HMAC-SHA1, SignatureVersion 1.0), computed from the received parameters:
// StringToSign = METHOD & %2F & percentEncode(canonicalQuery(params \ Signature)),
// Signature = base64(HMAC-SHA1(secret + "&", StringToSign)).
import { createHmac } from 'node:crypto'
import { canonicalQuery, percentEncode } from './encode'

export function v1StringToSign(method: string, params: Record<string, string>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(params, ['Signature']))}`
}

export function v1Signature(stringToSign: string, secret: string): string {
  return createHmac('sha1', `${secret}&`).update(stringToSign, 'utf8').digest('base64')
}
