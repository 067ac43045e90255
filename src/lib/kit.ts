import { KitError, NetworkError, ServiceError } from './errors'
import { createClock, type Clock } from './credentials/clock'
import { expiresWithin, memoize } from './credentials/memoize'
import type { Credentials, Provider, StsGrant } from './credentials/types'
import { OSS_CREDENTIAL_CODES } from './oss/oss-error'
import { makeObjectKey } from './oss/object-key'
import { postObject, type UploadedObject } from './oss/upload'
import type { AbortSignalLike, Transport } from './transport/types'
import { checkImageFile, checkImageUrl } from './viapi/image-checks'
import { recognizeBankCardOperation, segmentCommonImageOperation, type BankCardResult, type Operation, type SegmentResult } from './viapi/operations'
import { createRpcClient, type RefreshableCredentials } from './viapi/rpc-client'
import type { RpcSignatureVersion } from './viapi/rpc-request'

/** A photo on the device, as the platform's image picker describes it. */
export interface LocalImage {
  /** Temp file path (mini program), blob URL (H5), or bytes (Node). */
  path: string | Uint8Array
  contentType: string
  /** Bytes; checked against the API limits before anything is sent. */
  size?: number
}

export type Phase = 'credentials' | 'uploading' | 'analyzing' | 'done'

export interface RunOptions {
  /** Called as the work moves on; `percent` is the upload's 0…100 during 'uploading'. */
  onProgress?: (update: { phase: Phase; percent: number }) => void
  signal?: AbortSignalLike
}

export interface ViapiKitOptions {
  transport: Transport
  /** Where STS grants come from, e.g. `fromBackend(...)`. */
  grants: Provider<StsGrant>
  /** @default a device clock corrected from every grant's serverTime */
  clock?: Clock
  /** Refresh credentials this long before they expire. @default 300000 (5 min) */
  refreshMarginMs?: number
  /** @default 'v3' */
  signatureVersion?: RpcSignatureVersion
  /** Upload attempts after dropped connections / timeouts / 5xx, the first included. @default 3 */
  uploadAttempts?: number
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>
}

/**
 * The whole flow behind one object: credentials (cached, refreshed early, one refresh at a time),
 * PostObject upload, signed vision API call, with the recoveries each step needs.
 */
export function createViapiKit(options: ViapiKitOptions) {
  const clock = options.clock ?? createClock()
  const grant = memoize(options.grants, expiresWithin((g: StsGrant) => g.credentials.expiration, options.refreshMarginMs ?? 300_000, () => clock.now()))
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))

  const credentials: RefreshableCredentials = Object.assign(async () => (await grant()).credentials, {
    async refresh(stale?: Credentials) {
      const current = grant.peek()
      const staleGrant = current && (!stale || current.credentials === stale) ? current : undefined
      return (await grant.refresh(staleGrant ?? (stale ? undefined : current))).credentials
    },
  })
  const rpc = createRpcClient({ transport: options.transport, credentials, clock, signatureVersion: options.signatureVersion, sleep })

  async function upload(image: LocalImage, run: RunOptions = {}): Promise<UploadedObject> {
    checkImageFile(image.contentType, image.size)
    run.onProgress?.({ phase: 'credentials', percent: 0 })
    let g = await grant()
    // One key for every attempt: a retry overwrites its own earlier try, never leaves a second object.
    const key = makeObjectKey(g.oss.keyPrefix, image.contentType, clock.now())
    const attempts = options.uploadAttempts ?? 3
    let refreshed = false
    for (let attempt = 1; ; attempt++) {
      try {
        return await postObject({
          transport: options.transport,
          credentials: g.credentials,
          oss: g.oss,
          filePath: image.path,
          contentType: image.contentType,
          size: image.size,
          now: clock.now(),
          key,
          signal: run.signal,
          onProgress: (p) => run.onProgress?.({ phase: 'uploading', percent: p.percent }),
        })
      } catch (err) {
        if (err instanceof ServiceError && (OSS_CREDENTIAL_CODES.has(err.code) || err.code === 'AccessDenied') && !refreshed) {
          refreshed = true
          g = await grant.refresh(g)
          continue
        }
        const transient = (err instanceof NetworkError && err.failure !== 'aborted') || (err instanceof ServiceError && err.status >= 500)
        if (!transient || attempt >= attempts) throw err
        await sleep(Math.min(4000, 400 * 2 ** (attempt - 1)))
      }
    }
  }

  async function call<I, R>(operation: Operation<I, R>, input: I, run: RunOptions = {}): Promise<R> {
    const g = await grant()
    const endpoint = g.endpoints[operation.product]
    if (!endpoint) {
      throw new KitError('NoEndpoint', `The backend gave no endpoint for "${operation.product}"`, {
        hint: `Set ${operation.product.toUpperCase()}_ENDPOINT on the backend.`,
      })
    }
    run.onProgress?.({ phase: 'analyzing', percent: 100 })
    const body = await rpc.call<Record<string, unknown>>(
      { endpoint, action: operation.action, version: operation.version, params: operation.toParams(input) },
      { signal: run.signal },
    )
    const result = operation.parseResult(body)
    run.onProgress?.({ phase: 'done', percent: 100 })
    return result
  }

  return {
    clock,
    /** Fetch credentials now (at app launch) so the first photo does not wait for STS. */
    prefetch: () => grant().then(() => undefined),
    upload,
    call,
    async recognizeBankCard(image: LocalImage | string, run: RunOptions = {}): Promise<BankCardResult & { object?: UploadedObject }> {
      const object = typeof image === 'string' ? undefined : await upload(image, run)
      const imageUrl = object ? object.url : (image as string)
      checkImageUrl(imageUrl)
      return { ...(await call(recognizeBankCardOperation, { imageUrl }, run)), object }
    },
    async segmentCommonImage(image: LocalImage | string, run: RunOptions = {}): Promise<SegmentResult & { object?: UploadedObject }> {
      const object = typeof image === 'string' ? undefined : await upload(image, run)
      const imageUrl = object ? object.url : (image as string)
      checkImageUrl(imageUrl)
      return { ...(await call(segmentCommonImageOperation, { imageUrl }, run)), object }
    },
  }
}

export type ViapiKit = ReturnType<typeof createViapiKit>
