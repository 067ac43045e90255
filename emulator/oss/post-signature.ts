// PostObject signatures, computed independently with node:crypto:
//   V1: Signature        = base64(HMAC-SHA1(secret, policyBase64))
//   V4: x-oss-signature  = hex(HMAC-SHA256(signingKey, policyBase64)) with
//       signingKey = HMAC-SHA256 chain: "aliyun_v4"+secret → yyyymmdd → region → "oss" → "aliyun_v4_request"
import { createHmac, timingSafeEqual } from 'node:crypto'

export function postSignatureV1(secret: string, policyBase64: string): string {
  return createHmac('sha1', secret).update(policyBase64, 'utf8').digest('base64')
}

export function ossV4SigningKey(secret: string, date: string, region: string): Buffer {
  const kDate = createHmac('sha256', `aliyun_v4${secret}`).update(date).digest()
  const kRegion = createHmac('sha256', kDate).update(region).digest()
  const kService = createHmac('sha256', kRegion).update('oss').digest()
  return createHmac('sha256', kService).update('aliyun_v4_request').digest()
}

export function postSignatureV4(secret: string, date: string, region: string, policyBase64: string): string {
  return createHmac('sha256', ossV4SigningKey(secret, date, region))
    .update(policyBase64, 'utf8')
    .digest('hex')
}

export interface V4Credential {
  accessKeyId: string
  date: string
  region: string
}

/** `<AK>/<yyyymmdd>/<region>/oss/aliyun_v4_request`; the AK itself may not contain `/`. */
export function parseV4Credential(value: string): V4Credential | null {
  const parts = value.split('/')
  if (parts.length !== 5 || parts[3] !== 'oss' || parts[4] !== 'aliyun_v4_request') return null
  if (!parts[0] || !/^\d{8}$/.test(parts[1]) || !parts[2]) return null
  return { accessKeyId: parts[0], date: parts[1], region: parts[2] }
}

export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
