import { createClock } from '../credentials/clock'
import { apiCredentials } from '../credentials/api-credentials'
import { expiresWithin, memoize } from '../credentials/memoize'
import { withRetries } from '../credentials/retry'
import type { StsGrant } from '../credentials/types'
import type { UploadedObject } from '../oss/upload'
import type { ImageLimits } from '../viapi/image-limits'
import type { Operation } from '../viapi/operations'
import { createRpcClient } from '../viapi/rpc-client'
import { createCalls } from './calls'
import { uploadFromUrl, type ImageInputDeps } from './image-input'
import { runOperation, type RunOperationDeps } from './run-operation'
import type { LocalImage, RemoteImage, RunOptions, ViapiKitOptions } from './types'
import { uploadImage, type UploadDeps } from './upload'

export type { LocalImage, Phase, ProgressUpdate, RemoteImage, RunOptions, UploadMode, ViapiKitOptions } from './types'

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
  const { transport } = options
  // One client for every product: the endpoint is per call.
  const rpc = createRpcClient({ transport, credentials: apiCredentials(grant), clock, signatureVersion: options.signatureVersion, sleep, random, explainError: options.explainError })

  const uploadDeps: UploadDeps = { transport, grant, clock, mode: options.uploadMode, attempts: options.uploadAttempts, timeoutMs: options.uploadTimeoutMs, sleep, random }
  /** Uploads a photo; with `limits` (an operation's `imageLimits`) it must fit them first. */
  const upload = (image: LocalImage, run: RunOptions = {}, limits?: ImageLimits): Promise<UploadedObject> => uploadImage(uploadDeps, image, run, limits)
  const deps: ImageInputDeps & RunOperationDeps = { transport, grant, rpc, upload }
  const calls = createCalls({ ...deps, immProject: options.immProject, moderationEndpoints: options.moderationEndpoints })

  return {
    clock,
    /** Fetch credentials now (at app launch) so the first photo does not wait for STS. */
    prefetch: () => grant().then(() => undefined),
    upload,
    /** Runs an operation on the grant's endpoint for its product. */
    call: <I, R>(operation: Operation<I, R>, input: I, run: RunOptions = {}): Promise<R> => runOperation(deps, operation, input, run),
    /** A string is used as it is; `{url}` is used as it is when in Shanghai OSS, else downloaded and uploaded first. */
    recognizeBankCard: calls.recognizeBankCard,
    /** A string is used as it is; `{url}` is used as it is when in Shanghai OSS, else downloaded and uploaded first. */
    segmentCommonImage: calls.segmentCommonImage,
    /** TextModerationPlus with region fallback: `{verdict: 'pass' | 'review' | 'block', labels}`. */
    moderateText: calls.moderateText,
    /** IMM DetectImageFaces on a photo (uploaded first), a remote image or an OSS Shanghai URL. */
    detectImageFaces: calls.detectImageFaces,
    /** Download a remote image and upload it to the grant's bucket. */
    uploadFromUrl: (image: RemoteImage, run: RunOptions = {}, limits?: ImageLimits): Promise<UploadedObject> => uploadFromUrl(deps, image, run, limits),
  }
}

/** What `createViapiKit` returns. */
export type ViapiKit = ReturnType<typeof createViapiKit>
