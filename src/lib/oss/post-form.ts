import { encodePostPolicy, ossPolicySignatureV1, ossPolicySignatureV4, ossV4Credential, type PostPolicy } from '../signing/oss-post-policy'
import { ossV4Date, ossV4Timestamp } from '../signing/timestamps'
import type { Credentials } from '../credentials/types'

export interface PostObjectFormInput {
  credentials: Credentials
  bucket: string
  region: string
  key: string
  contentType: string
  /** Upper bound of `content-length-range`. */
  maxBytes: number
  /** Server-corrected now, ms. */
  now: number
  /** How long the policy stays valid. @default 300000 (5 min) */
  policyTtlMs?: number
  /** @default 'v4' */
  signatureVersion?: 'v4' | 'v1'
}

/**
 * The text fields of a PostObject form (the file goes last, after these). The policy pins the
 * exact key, the size range, the content type and, for V4, the credential fields OSS requires to
 * be signed; `success_action_status: 200` because the default 204 is awkward on some platforms.
 */
export function buildPostObjectForm(input: PostObjectFormInput): Record<string, string> {
  const { credentials: c } = input
  const version = input.signatureVersion ?? 'v4'
  const expiration = new Date(input.now + (input.policyTtlMs ?? 300_000)).toISOString()
  const common: Record<string, string> = {
    key: input.key,
    success_action_status: '200',
    'Content-Type': input.contentType,
    'x-oss-security-token': c.securityToken,
  }
  const conditions: PostPolicy['conditions'] = [
    { bucket: input.bucket },
    ['eq', '$key', input.key],
    ['content-length-range', 1, input.maxBytes],
    ['eq', '$success_action_status', '200'],
    ['eq', '$content-type', input.contentType],
    { 'x-oss-security-token': c.securityToken },
  ]
  if (version === 'v1') {
    const policy = encodePostPolicy({ expiration, conditions })
    return { ...common, policy, OSSAccessKeyId: c.accessKeyId, Signature: ossPolicySignatureV1(policy, c.accessKeySecret) }
  }
  const date = ossV4Date(input.now)
  const credential = ossV4Credential(c.accessKeyId, date, input.region)
  const ossDate = ossV4Timestamp(input.now)
  conditions.push({ 'x-oss-signature-version': 'OSS4-HMAC-SHA256' }, { 'x-oss-credential': credential }, { 'x-oss-date': ossDate })
  const policy = encodePostPolicy({ expiration, conditions })
  return {
    ...common,
    policy,
    'x-oss-signature-version': 'OSS4-HMAC-SHA256',
    'x-oss-credential': credential,
    'x-oss-date': ossDate,
    'x-oss-signature': ossPolicySignatureV4(policy, c.accessKeySecret, date, input.region),
  }
}
