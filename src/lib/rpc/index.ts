/**
 * `viapi-miniprogram-core/rpc`: the signed RPC client under the kit (one call, its recoveries and
 * typed errors), its request signers, the error-code table and the signature-mismatch diagnosis.
 * For calling an API the kit declares no operation for, or debugging a refused signature.
 */
export { createRpcClient } from './client'
export type { RpcClient, RpcClientOptions, RpcCallOptions, RefreshableCredentials } from './client'
export { buildRpcRequest, hostOf, rpcV3Signer } from './request'
export type { RpcCall, RpcSignatureVersion, RpcSigner, SigningContext } from './request'
export { rpcV1Signer } from './signer-v1'
export { describeCode, extractServerStringToSign } from './error-codes'
export { diagnoseSignatureMismatch } from './diagnose-signature'
export type { SignatureDiagnosis, SignatureDifference } from './diagnose-signature'
export { SignatureMismatchError, diagnoseSignatures, withSignatureDiagnosis } from './signature-mismatch-error'
