import HmacSHA256 from 'crypto-js/hmac-sha256'
import Base64Enc from 'crypto-js/enc-base64'
import Hex from 'crypto-js/enc-hex'
import Utf8 from 'crypto-js/enc-utf8'
import type CryptoJS from 'crypto-js'

/** A PostObject policy document. `conditions` use OSS's shapes: objects for exact match, arrays otherwise. */
export interface PostPolicy {
  expiration: string
  conditions: Array<Record<string, string> | [string, ...Array<string | number | string[]>]>
}

/**
 * Base64 of the policy's UTF-8 JSON; this exact string is what gets signed and sent. crypto-js's
 * own encoders, which the signatures load anyway: js-base64's `encode` cost 2.1 KB of the
 * mini-program bundle (test/lib/oss.test.ts checks both give the same string).
 */
export function encodePostPolicy(policy: PostPolicy): string {
  return Base64Enc.stringify(Utf8.parse(JSON.stringify(policy)))
}

/** V4 signing key: HMAC-SHA256 chain over 'aliyun_v4' + secret → date → region → 'oss' → 'aliyun_v4_request'. */
export function ossV4SigningKey(accessKeySecret: string, date: string, region: string): CryptoJS.lib.WordArray {
  const kDate = HmacSHA256(date, 'aliyun_v4' + accessKeySecret)
  const kRegion = HmacSHA256(region, kDate)
  const kService = HmacSHA256('oss', kRegion)
  return HmacSHA256('aliyun_v4_request', kService)
}

/** V4 (OSS4-HMAC-SHA256): hex HMAC of the base64 policy with the derived key. */
export function ossPolicySignatureV4(policyBase64: string, accessKeySecret: string, date: string, region: string): string {
  return Hex.stringify(HmacSHA256(policyBase64, ossV4SigningKey(accessKeySecret, date, region)))
}

/** `AK/20261123/cn-shanghai/oss/aliyun_v4_request` */
export function ossV4Credential(accessKeyId: string, date: string, region: string): string {
  return `${accessKeyId}/${date}/${region}/oss/aliyun_v4_request`
}
