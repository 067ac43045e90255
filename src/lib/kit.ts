import { InputError, KitError, ServiceError } from './errors'
import { createClock, type Clock } from './credentials/clock'
import { apiCredentials } from './credentials/api-credentials'
import { expiresWithin, memoize } from './credentials/memoize'
import { withRetries } from './credentials/retry'
import type { Provider, StsGrant } from './credentials/types'
import { makeObjectKey } from './oss/object-key'
import { postObject, type UploadedObject } from './oss/upload'
import type { AbortSignalLike, Transport } from './transport/types'
import { withRecovery, withoutRetry } from './util/retry'
import { checkImageFile, checkImageUrl, sniffImageType } from './viapi/image-checks'
import { checkImageFits } from './viapi/image-fit'
import { readImageHeader } from './viapi/image-header'
import type { ImageLimits } from './viapi/image-limits'
import { recognizeBankCardOperation, segmentCommonImageOperation, type BankCardResult, type Operation, type SegmentResult } from './viapi/operations'
import { createRpcClient, type RefreshableCredentials, type RpcClientOptions } from './viapi/rpc-client'
import { createKitFlows, type RemoteImage } from './kit-flows'
import { uploadServerSigned, type PostPolicySource } from './oss/server-signed'
import type { RpcSignatureVersion } from './viapi/rpc-request'

/** A photo on the device, as the platform's image picker describes it. */
export interface LocalImage {
  /** Temp file path (mini program), blob URL (H5), or bytes (Node). */
  path: string | Uint8Array
  contentType: string
  /** Bytes; checked against the API limits before anything is sent. */
  size?: number
}

export type Phase = 'downloading' | 'credentials' | 'uploading' | 'analyzing' | 'done'

/**
 * Who signs uploads: the client with its STS secret (`sts`, the default), or the backend
 * (`server-signed`: `POST /api/oss-policy` returns a signed form, the client only posts it).
 */
export type UploadMode = { mode: 'sts' } | { mode: 'server-signed'; policies: PostPolicySource }

/** One step of a run: the phase, the upload's 0…100 during 'uploading'. */
export interface ProgressUpdate {
  phase: Phase
  percent: number
  /**
   * True while uploading on a platform that reports no upload progress (DingTalk): `percent` will
   * not move, so show a busy state instead of a bar; a cancel then only discards the result.
   */
  indeterminate?: boolean
}

export interface RunOptions {
  /** Called as the work moves on. */
  onProgress?: (update: ProgressUpdate) => void
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
  /** Upload attempts after dropped connections / timeouts / 5xx / throttling, the first included. @default 3 */
  uploadAttempts?: number
  /** One upload attempt gives up after this long (then it is retried). @default 60000 */
  uploadTimeoutMs?: number
  /** Attempts to get credentials when the backend is unreachable, slow, 5xx or 429. @default 3 */
  grantAttempts?: number
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /** @default {mode: 'sts'} */
  uploadMode?: UploadMode
  /** Explains refused RPC calls; pass `diagnoseSignatures` to learn where a signature mismatch comes from. */
  explainError?: RpcClientOptions['explainError']
  /** IMM project for `detectImageFaces` (the backend's IMM_PROJECT). */
  immProject?: string
  /** Moderation endpoints in the order to try. @default the grant's `moderation`, then other regions */
  moderationEndpoints?: string[]
}

/**
 * The whole flow behind one object: credentials (cached, refreshed early, one refresh at a time),
 * PostObject upload, signed vision API call, with the recoveries each step needs.
 */
export function createViapiKit(options: ViapiKitOptions) {
  const clock = options.clock ?? createClock()
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const random = options.random ?? Math.random
  const source = withRetries(options.grants, { attempts: options.grantAttempts, sleep, random })
  // Every grant carries the backend's clock: learn it before anything is signed, so a phone that
  // is a day off still signs with the right time from its very first request.
  const learning = async (stale?: StsGrant) => {
    const g = await source(stale)
    clock.learn(g.serverTime)
    return g
  }
  const grant = memoize(learning, expiresWithin((g: StsGrant) => g.credentials.expiration, options.refreshMarginMs ?? 300_000, () => clock.now()))

  const credentials: RefreshableCredentials = apiCredentials(grant)
  const rpc = createRpcClient({ transport: options.transport, credentials, clock, signatureVersion: options.signatureVersion, sleep, random, explainError: options.explainError })

  /**
   * Type and size checks before any request, against the operation's documented limits when one
   * is named; bytes in hand are measured, sniffed, and their header checked (pixel size, PNG layout).
   */
  function checkLocalImage(image: LocalImage, limits?: ImageLimits): number | undefined {
    const bytes = typeof image.path === 'string' ? undefined : image.path
    const size = image.size ?? bytes?.length
    checkImageFile(image.contentType, size, limits)
    if (bytes) {
      const sniffed = sniffImageType(bytes.subarray(0, 12))
      if (sniffed !== image.contentType.toLowerCase()) {
        throw new InputError(
          sniffed ? 'ImageTypeMismatch' : 'NotAnImage',
          sniffed ? `The file says "${image.contentType}" but its bytes are ${sniffed}` : 'The file is not a JPEG, PNG, BMP or GIF image',
          'Choose a photo (JPEG or PNG) and try again.',
        )
      }
      const header = limits && readImageHeader(bytes.subarray(0, 256 * 1024))
      if (limits && header) checkImageFits(limits, { ...header, bytes: size ?? bytes.length })
    }
    return size
  }

  /** Uploads a photo; with `limits` (an operation's `imageLimits`) it must fit them first. */
  async function upload(image: LocalImage, run: RunOptions = {}, limits?: ImageLimits): Promise<UploadedObject> {
    const size = checkLocalImage(image, limits)
    run.onProgress?.({ phase: 'credentials', percent: 0 })
    const mode = options.uploadMode ?? { mode: 'sts' }
    // Without progress events the bar would sit at 0 %: say "busy" instead, once the upload starts.
    const uploadStarts = () => {
      if (options.transport.uploadProgress === false) run.onProgress?.({ phase: 'uploading', percent: 0, indeterminate: true })
    }
    if (mode.mode === 'server-signed') {
      uploadStarts()
      return uploadServerSigned({
        transport: options.transport,
        policies: mode.policies,
        filePath: image.path,
        contentType: image.contentType,
        size,
        signal: run.signal,
        attempts: options.uploadAttempts,
        timeoutMs: options.uploadTimeoutMs,
        sleep,
        random,
        now: () => clock.now(),
        onProgress: (p) => run.onProgress?.({ phase: 'uploading', percent: p.percent }),
      })
    }
    const first = await grant()
    // One key for every attempt: a retry overwrites its own earlier try, never leaves a second object.
    const key = makeObjectKey(first.oss.keyPrefix, image.contentType, clock.now())
    let g = first
    return withRecovery(
      async () => {
        // Read the grant on every attempt: a concurrent upload may have replaced it meanwhile, and a
        // request must never be signed with credentials the provider already replaced.
        g = await withoutRetry(grant())
        uploadStarts()
        return postObject({
          transport: options.transport,
          credentials: g.credentials,
          oss: g.oss,
          filePath: image.path,
          contentType: image.contentType,
          size,
          now: clock.now(),
          key,
          signal: run.signal,
          timeoutMs: options.uploadTimeoutMs,
          onProgress: (p) => run.onProgress?.({ phase: 'uploading', percent: p.percent }),
        })
      },
      {
        maxAttempts: options.uploadAttempts,
        sleep,
        random,
        signal: run.signal,
        // `g` is the grant the refused attempt was signed with: refreshed once, even when ten
        // uploads find it stale together.
        onRefresh: () => grant.refresh(g),
        onResync: (err) => {
          if (err instanceof ServiceError && err.serverDate) clock.learn(err.serverDate)
        },
        request: () => ({ method: 'POST', url: g.oss.host }),
      },
    )
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

  const flows = createKitFlows({
    transport: options.transport,
    grant,
    credentials,
    clock,
    signatureVersion: options.signatureVersion,
    explainError: options.explainError,
    sleep,
    upload,
    immProject: options.immProject,
    moderationEndpoints: options.moderationEndpoints,
  })

  return {
    clock,
    /** Fetch credentials now (at app launch) so the first photo does not wait for STS. */
    prefetch: () => grant().then(() => undefined),
    upload,
    call,
    /** A string is used as it is; `{url}` is used as it is when in Shanghai OSS, else downloaded and uploaded first. */
    async recognizeBankCard(image: LocalImage | RemoteImage | string, run: RunOptions = {}): Promise<BankCardResult & { object?: UploadedObject }> {
      const { imageUrl, object } = await flows.resolveImage(image, run, recognizeBankCardOperation.imageLimits)
      checkImageUrl(imageUrl)
      return { ...(await call(recognizeBankCardOperation, { imageUrl }, run)), object }
    },
    async segmentCommonImage(image: LocalImage | RemoteImage | string, run: RunOptions = {}): Promise<SegmentResult & { object?: UploadedObject }> {
      const { imageUrl, object } = await flows.resolveImage(image, run, segmentCommonImageOperation.imageLimits)
      checkImageUrl(imageUrl)
      return { ...(await call(segmentCommonImageOperation, { imageUrl }, run)), object }
    },
    /** TextModerationPlus with region fallback: `{verdict: 'pass' | 'review' | 'block', labels}`. */
    moderateText: flows.moderateText,
    /** IMM DetectImageFaces on a photo (uploaded first), a remote image or an OSS Shanghai URL. */
    detectImageFaces: flows.detectImageFaces,
    /** Download a remote image and upload it to the grant's bucket. */
    uploadFromUrl: flows.uploadFromUrl,
  }
}

export type ViapiKit = ReturnType<typeof createViapiKit>
