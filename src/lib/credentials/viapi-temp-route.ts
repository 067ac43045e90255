import type { Transport } from '../transport/types'
import type { RpcSigner } from '../rpc/request'
import type { Clock } from '../base/clock'
import type { Provider, StsGrant } from '../base/credentials'
import { fromViapiTempBucket } from './viapi-temp-bucket'

export interface TempBucketRouteDeps {
  transport: Transport
  clock: Clock
  rpcSigner?: RpcSigner
}

/** A wrapper that turns a backend's grants into the ones its image-URL route uploads with. */
export type GrantRoute = (source: Provider<StsGrant>, deps: TempBucketRouteDeps) => Provider<StsGrant>

/**
 * Applies the `viapi-temp-bucket` image-URL route to a backend's grants: with the user's own STS
 * credentials, `GetOssStsToken` (at the grant's `viapiutils` endpoint) gives keys that may upload to
 * the temporary bucket the grant's `oss` names, under their AccessKeyId; the vision calls keep the
 * user's credentials. The route the seed MiniprogramDemo takes, and "文件URL处理" documents
 * (https://help.aliyun.com/document_detail/155645.html). Other routes pass through unchanged.
 */
export const viapiTempBucketRoute: GrantRoute = (source, deps) => {
  return async (stale) => {
    // A temp grant found stale was refused with its own keys or with the user's: the backend only
    // knows the user's, so those go back as the stale ones.
    const grant = await source(stale && { ...stale, credentials: stale.apiCredentials ?? stale.credentials })
    if (grant.imageUrlRoute !== 'viapi-temp-bucket') return grant
    const temp = await fromViapiTempBucket({
      transport: deps.transport,
      credentials: async () => grant.credentials,
      clock: deps.clock,
      viapiutilsEndpoint: grant.endpoints.viapiutils,
      endpoints: grant.endpoints,
      ossHost: grant.oss.host,
      rpcSigner: deps.rpcSigner,
    })()
    return {
      ...temp,
      oss: { ...temp.oss, bucket: grant.oss.bucket, region: grant.oss.region },
      serverTime: grant.serverTime,
      imageUrlRoute: grant.imageUrlRoute,
    }
  }
}
