import { CredentialsError } from '../base/errors'
import { encodePostPolicy, ossPolicySignatureV4, ossV4Credential, type PostPolicy } from '../signing/oss-post-policy'
import { ossV4Date, ossV4Timestamp } from '../signing/timestamps'
import type { Credentials } from '../base/credentials'

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
  /** The version the grant asks for. @default 'v4' */
  signatureVersion?: 'v4' | 'v1'
}

/**
 * One way to sign a PostObject policy: `ossV4FormSigner` (OSS4-HMAC-SHA256, the default) or
 * `ossV1FormSigner` (HMAC-SHA1, post-form-v1.ts). Each lives in its own module, so a build links
 * only the signers it passes (V1 brings SHA-1 with it). `sign` adds the signer's own conditions to
 * the shared ones and returns the signer's form fields, the policy among them.
 */
export interface PostFormSigner {
  readonly version: 'v4' | 'v1'
  sign(input: PostObjectFormInput, expiration: string, conditions: PostPolicy['conditions']): Record<string, string>
}

/** The V4 signature of a PostObject policy (https://www.alibabacloud.com/help/en/oss/developer-reference/signature-version-4-recommend). */
export const ossV4FormSigner: PostFormSigner = {
  version: 'v4',
  sign(input, expiration, conditions) {
    const date = ossV4Date(input.now)
    const credential = ossV4Credential(input.credentials.accessKeyId, date, input.region)
    const ossDate = ossV4Timestamp(input.now)
    conditions.push({ 'x-oss-signature-version': 'OSS4-HMAC-SHA256' }, { 'x-oss-credential': credential }, { 'x-oss-date': ossDate })
    const policy = encodePostPolicy({ expiration, conditions })
    return {
      policy,
      'x-oss-signature-version': 'OSS4-HMAC-SHA256',
      'x-oss-credential': credential,
      'x-oss-date': ossDate,
      'x-oss-signature': ossPolicySignatureV4(policy, input.credentials.accessKeySecret, date, input.region),
    }
  },
}

/** The signer for the version the grant asks for, or a CredentialsError saying how to link it. */
function signerFor(version: 'v4' | 'v1', signers: ReadonlyArray<PostFormSigner>): PostFormSigner {
  const signer = signers.find((s) => s.version === version)
  if (signer) return signer
  throw new CredentialsError('OssSignerNotLinked', `The grant asks for OSS ${version} signatures, not linked in this app`, {
    hint: 'Pass ossFormSigners with ossV1FormSigner, or grant v4.',
  })
}

/**
 * The text fields of a PostObject form (the file goes last, after these), signed as the grant's
 * `signatureVersion` asks by one of `signers`. The policy pins the exact key, the size range, the
 * content type and, for V4, the credential fields OSS requires to be signed;
 * `success_action_status: 200` because the default 204 is awkward on some platforms.
 */
export function buildPostObjectForm(
  input: PostObjectFormInput,
  signers: ReadonlyArray<PostFormSigner> = [ossV4FormSigner],
): Record<string, string> {
  const { credentials: c } = input
  const signer = signerFor(input.signatureVersion || 'v4', signers)
  const expiration = new Date(input.now + (input.policyTtlMs ?? 300_000)).toISOString()
  const conditions: PostPolicy['conditions'] = [
    { bucket: input.bucket },
    ['eq', '$key', input.key],
    ['content-length-range', 1, input.maxBytes],
    ['eq', '$success_action_status', '200'],
    ['eq', '$content-type', input.contentType],
    { 'x-oss-security-token': c.securityToken },
  ]
  return {
    key: input.key,
    success_action_status: '200',
    'Content-Type': input.contentType,
    'x-oss-security-token': c.securityToken,
    ...signer.sign(input, expiration, conditions),
  }
}
