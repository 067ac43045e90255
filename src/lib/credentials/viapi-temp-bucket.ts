import { createRpcClient, type RefreshableCredentials } from '../rpc/client'
import { getOssStsTokenOperation } from '../operations'
import type { RpcSigner } from '../rpc/request'
import type { Transport } from '../transport/types'
import type { Clock } from '../base/clock'
import type { Credentials, Provider, StsGrant } from '../base/credentials'

/** Alibaba Cloud's shared bucket for vision inputs; objects there are deleted after one day. */
export const VIAPI_TEMP_BUCKET = 'viapi-customer-temp'

export interface ViapiTempBucketOptions {
  transport: Transport
  /** Credentials allowed `viapi:GetOssStsToken` (a server's key, or STS credentials that include it). */
  credentials: () => Promise<Credentials>
  clock: Clock
  /** viapiutils endpoint. @default 'https://viapiutils.cn-shanghai.aliyuncs.com' (the operation's `cloudEndpoint`) */
  viapiutilsEndpoint?: string
  /** The vision endpoints the grant carries, e.g. `{ocr: 'https://ocr.cn-shanghai.aliyuncs.com'}`. */
  endpoints: Record<string, string>
  /** Upload host of the temp bucket. @default 'https://viapi-customer-temp.oss-cn-shanghai.aliyuncs.com' */
  ossHost?: string
  /**
   * GetOssStsToken answers no Expiration; the grant is treated as valid this long and then fetched
   * again (the kit refreshes 5 min before). @default 1800000 (30 min)
   */
  assumedLifetimeMs?: number
  /** @default rpcV3Signer */
  rpcSigner?: RpcSigner
}

/**
 * Grants for the viapi temporary bucket, for accounts without a bucket of their own in Shanghai:
 * `GetOssStsToken` (viapiutils 2020-04-01) returns upload credentials, and every key must start
 * with their AccessKeyId. Plug it into `createViapiKit({grants})` in place of `fromBackend`.
 */
export function fromViapiTempBucket(options: ViapiTempBucketOptions): Provider<StsGrant> {
  const credentials: RefreshableCredentials = Object.assign(() => options.credentials(), { refresh: () => options.credentials() })
  const rpc = createRpcClient({ transport: options.transport, credentials, clock: options.clock, rpcSigner: options.rpcSigner })
  const op = getOssStsTokenOperation
  const endpoint = options.viapiutilsEndpoint ?? op.cloudEndpoint

  return async () => {
    const apiCredentials = await options.credentials()
    const body = await rpc.call<Record<string, unknown>>({ endpoint, action: op.action, version: op.version, params: op.toParams({}) })
    const token = op.parseResult(body)
    const now = options.clock.now()
    return {
      // Refreshed when either set runs out: the temp keys' assumed lifetime or the caller's own.
      credentials: {
        ...token,
        expiration: new Date(Math.min(now + (options.assumedLifetimeMs ?? 30 * 60_000), apiCredentials.expiration.getTime())),
      },
      // The temp-bucket keys may only upload; the vision APIs are called with the caller's own.
      apiCredentials,
      oss: {
        bucket: VIAPI_TEMP_BUCKET,
        region: 'cn-shanghai',
        host: (options.ossHost ?? `https://${VIAPI_TEMP_BUCKET}.oss-cn-shanghai.aliyuncs.com`).replace(/\/+$/, ''),
        // The bucket only accepts keys under the AccessKeyId that GetOssStsToken returned.
        keyPrefix: `${token.accessKeyId}/`,
        signatureVersion: 'v4',
        maxBytes: 3 * 1024 * 1024,
      },
      endpoints: options.endpoints,
      serverTime: new Date(now),
    }
  }
}
