import HmacSHA1 from 'crypto-js/hmac-sha1'
import Base64Enc from 'crypto-js/enc-base64'

/**
 * V1 (HMAC-SHA1): base64 HMAC of the base64 policy with the secret. Not offered to new OSS accounts
 * since 2025. Its own module: importing crypto-js's SHA-1 registers it on crypto-js's core, a side
 * effect a bundler keeps, so only builds that use V1 may import this file.
 */
export function ossPolicySignatureV1(policyBase64: string, accessKeySecret: string): string {
  return Base64Enc.stringify(HmacSHA1(policyBase64, accessKeySecret))
}
