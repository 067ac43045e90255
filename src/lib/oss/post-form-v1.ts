import { encodePostPolicy } from '../signing/oss-post-policy'
import { ossPolicySignatureV1 } from '../signing/oss-post-policy-v1'
import type { PostFormSigner } from './post-form'

/**
 * V1 PostObject signatures: `OSSAccessKeyId` and the base64 HMAC-SHA1 of the policy as `Signature`
 * (PostObject, https://www.alibabacloud.com/help/doc-detail/31988.htm). OSS recommends V4; a backend
 * whose grants say `signatureVersion: 'v1'` needs the app to pass this signer
 * (`ossFormSigners: [ossV4FormSigner, ossV1FormSigner]`), and only then does a build link SHA-1.
 */
export const ossV1FormSigner: PostFormSigner = {
  version: 'v1',
  sign(input, expiration, conditions) {
    const policy = encodePostPolicy({ expiration, conditions })
    return {
      policy,
      OSSAccessKeyId: input.credentials.accessKeyId,
      Signature: ossPolicySignatureV1(policy, input.credentials.accessKeySecret),
    }
  },
}
