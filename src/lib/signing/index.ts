/**
 * `viapi-miniprogram-core/signing`: the pure signing functions (RPC V1, ACS3, OSS PostObject
 * policy V4/V1, OSS V4 presigned URLs), for checking a signature by hand or signing outside the
 * kit. An app that uses the kit never needs them: the kit signs every request itself.
 */
export { percentEncode } from './percent-encode'
export { rpcCanonicalQuery, rpcStringToSign, rpcSignature, signRpcV1 } from './rpc-v1'
export type { RpcV1SigningInput } from './rpc-v1'
export {
  ACS3_ALGORITHM,
  acs3CanonicalQuery,
  acs3CanonicalRequest,
  acs3StringToSign,
  acs3Signature,
  acs3Authorization,
  sha256Hex,
} from './acs3'
export type { Acs3Request } from './acs3'
export { encodePostPolicy, ossPolicySignatureV4, ossV4SigningKey, ossV4Credential } from './oss-post-policy'
export type { PostPolicy } from './oss-post-policy'
export { ossPolicySignatureV1 } from './oss-post-policy-v1'
export { ossV4PresignedUrl } from './oss-presign-v4'
export type { OssPresignInput } from './oss-presign-v4'
export { isoTimestamp, ossV4Timestamp, ossV4Date } from './timestamps'
