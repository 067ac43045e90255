import { signRpcV1 } from '../signing/rpc-v1'
import { isoTimestamp } from '../signing/timestamps'
import { formEncode, rpcParams, RPC_CONTENT_TYPE, type RpcSigner } from './request'

/**
 * V1 (`SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`): every param, the signature among them,
 * in a form-encoded POST body. Alibaba Cloud's page calls this "signature method V2 for RPC APIs"
 * and marks it discontinued in favour of V3
 * (https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism), so it is opt-in
 * (`rpcSigner: rpcV1Signer`) and only a build that passes it links SHA-1.
 */
export const rpcV1Signer: RpcSigner = {
  version: 'v1',
  sign(call, ctx) {
    const c = ctx.credentials
    const signed = signRpcV1({
      method: 'POST',
      action: call.action,
      version: call.version,
      params: rpcParams(call, ctx),
      accessKeyId: c.accessKeyId,
      accessKeySecret: c.accessKeySecret,
      securityToken: c.securityToken,
      timestamp: isoTimestamp(ctx.now),
      nonce: ctx.nonce,
    })
    return {
      url: `${call.endpoint.replace(/\/+$/, '')}/`,
      method: 'POST',
      headers: { 'content-type': RPC_CONTENT_TYPE },
      body: formEncode(signed),
    }
  },
}
