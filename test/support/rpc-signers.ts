import { rpcV1Signer } from '../../src/lib'
import { rpcV3Signer, type RpcSignatureVersion, type RpcSigner } from '../../src/lib/rpc'

/** The kit's RPC signers by the version the emulator's claims name, for tests that run both. */
export const RPC_SIGNERS: Record<RpcSignatureVersion, RpcSigner> = { v1: rpcV1Signer, v3: rpcV3Signer }
