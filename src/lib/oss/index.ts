/**
 * `viapi-miniprogram-core/oss`: one OSS PostObject upload without the kit (form building, the V4
 * and V1 form signers, OSS's error answers), server-signed policies, and object URL helpers.
 */
export { postObject } from './upload'
export type { PostObjectInput, UploadedObject } from './upload'
export { buildPostObjectForm, ossV4FormSigner } from './post-form'
export type { PostFormSigner, PostObjectFormInput } from './post-form'
export { ossV1FormSigner } from './post-form-v1'
export { parseOssError } from './oss-error'
export { makeObjectKey, objectUrl } from './object-key'
export { isShanghaiOssUrl, ossUriOf } from './shanghai-url'
export { fromBackendPolicies, parseSignedPostPolicy, uploadServerSigned } from './server-signed'
export type { SignedPostPolicy, PostPolicySource, BackendPolicyOptions } from './server-signed'
