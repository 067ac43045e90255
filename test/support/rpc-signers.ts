import { rpcV1Signer, rpcV3Signer, type RpcSignatureVersion, type RpcSigner } from '../../src/lib'

/** The kit's RPC signers by the version the emulator's claims name, for tests that run both. */
export const RPC_SIGNERS: Record<RpcSignatureVersion, RpcSigner> = { v1: rpcV1Signer, v3: rpcV3Signer }
