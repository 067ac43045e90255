import { createClock } from '../base/clock'
import { apiCredentials } from '../credentials/api-credentials'
import { expiresWithin, memoize } from '../credentials/memoize'
import { withRetries } from '../credentials/retry'
import { imageUrlFor, unroutedGrants } from './image-url'
import type { StsGrant } from '../base/credentials'
import type { UploadedObject } from '../oss/upload'
import type { ImageLimits } from '../image/limits'
import type { Operation } from '../operations'
import { createRpcClient } from '../rpc/client'
import { createCalls } from './calls'
import { resolveLocalImage, uploadFromUrl, type ImageInputDeps } from './image-input'
import { runOnImage, type ImageOperation, type ImageResult } from './image-operation'
import { runOperation, type RunOperationDeps } from './run-operation'
import type { KitCoreOptions, LocalImage, RemoteImage, RunOptions, UploadDeps, ViapiKitOptions } from './types'
import { uploadImage } from './upload'

export type { KitCoreOptions, LocalImage, Phase, ProgressUpdate, RemoteImage, RunOptions, UploadMode, ViapiKitOptions } from './types'
export type { ImageOperation, ImageResult } from './image-operation'
export { stsUploads } from './upload'
export { serverSignedUploads } from './upload-server-signed'

/** Credentials, upload and RPC client of one kit, shared by its calls. */
function wire(options: KitCoreOptions) {
  const clock = options.clock || createClock()
  const sleep = options.sleep || ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const random = options.random || Math.random
  const source = withRetries(options.grants, { attempts: options.grantAttempts, sleep, random })
  // Every grant carries the backend's clock: learn it before anything is signed, so a phone that
  // is a day off still signs with the right time from its very first request.
  const learningClock = async (stale?: StsGrant) => {
    const grant = await source(stale)
    clock.learn(grant.serverTime)
    return grant
  }
  const route = options.viapiTempBucketRoute
  const routed = route
    ? route(learningClock, { transport: options.transport, clock, rpcSigner: options.rpcSigner })
    : unroutedGrants(learningClock)
  const grant = memoize(
    routed,
    expiresWithin(
      (g: StsGrant) => g.credentials.expiration,
      options.refreshMarginMs ?? 300_000,
      () => clock.now(),
    ),
  )
  const { transport } = options
  // One client for every product: the endpoint is per call.
  const rpc = createRpcClient({
    transport,
    credentials: apiCredentials(grant),
    clock,
    rpcSigner: options.rpcSigner,
    sleep,
    random,
    explainError: options.explainError,
  })
  const uploadDeps: UploadDeps = {
    transport,
    grant,
    clock,
    mode: options.uploadMode,
    formSigners: options.ossFormSigners,
    attempts: options.uploadAttempts,
    timeoutMs: options.uploadTimeoutMs,
    sleep,
    random,
  }
  const upload = (image: LocalImage, run: RunOptions, limits?: ImageLimits): Promise<UploadedObject> =>
    uploadImage(uploadDeps, image, run, limits)
  const imageUrlOf = async (object: UploadedObject) => imageUrlFor(object, await grant(), clock.now())
  const deps: ImageInputDeps & RunOperationDeps = { transport, grant, rpc, upload, imageUrlOf, regionEndpoints: options.regionEndpoints }
  return { clock, deps }
}

/** The calls every kit has, over one wiring. */
function coreOf({ clock, deps }: ReturnType<typeof wire>) {
  return {
    clock,
    /** Fetch credentials now (at app launch) so the first photo does not wait for STS. */
    prefetch: () => deps.grant().then(() => undefined),
    /** Uploads a photo; with `limits` (an operation's `imageLimits`) it must fit them first. */
    upload: (image: LocalImage, run: RunOptions = {}, limits?: ImageLimits): Promise<UploadedObject> => deps.upload(image, run, limits),
    /** Runs an operation on the grant's endpoint for its product (its other regions, if it declares them, on an outage). */
    call: <I, R>(operation: Operation<I, R>, input: I, run: RunOptions = {}): Promise<R> => runOperation(deps, operation, input, run),
    /**
     * Runs an image operation (`recognizeBankCardOperation`, `segmentCommonImageOperation`, …) on a
     * photo, uploaded first and fitted to the operation's limits, or on an image URL used as it is.
     */
    recognize: async <R>(operation: ImageOperation<R>, image: LocalImage | string, run: RunOptions = {}): Promise<ImageResult<R>> =>
      runOnImage(deps, operation, await resolveLocalImage(deps, image, run, operation.imageLimits), run),
  }
}

/**
 * The kit's core: credentials (cached, refreshed early, one refresh at a time), PostObject upload
 * and signed calls of any operation, with the recoveries each step needs. What a mini program
 * needs and no more: every operation through `call` / `recognize`, text moderation through
 * `moderateText(kit, text)`; remote images and face detection are the full kit's
 * (`createViapiKit`), so a build that does not use them does not carry them.
 */
export function createKitCore(options: KitCoreOptions) {
  return coreOf(wire(options))
}

/** What `createKitCore` returns. */
export type KitCore = ReturnType<typeof createKitCore>

/**
 * The whole flow behind one object: the core, with remote images (`{url}` inputs to `recognize`,
 * downloaded and uploaded unless already in Shanghai OSS) and face detection. One way to run an
 * image operation, `recognize(operation, image)`; `detectImageFaces` is named because it takes a
 * project, not an image URL. Text moderation is `moderateText(kit, text)` with either kit.
 */
export function createViapiKit(options: ViapiKitOptions) {
  const wiring = wire(options)
  const { deps } = wiring
  const calls = createCalls({ ...deps, immProject: options.immProject })
  return {
    ...coreOf(wiring),
    // The core's `recognize`, taking remote images (`{url}`) too.
    recognize: calls.recognize,
    /** IMM DetectImageFaces on a photo (uploaded first), a remote image or an OSS Shanghai URL. */
    detectImageFaces: calls.detectImageFaces,
    /** Download a remote image and upload it to the grant's bucket. */
    uploadFromUrl: (image: RemoteImage, run: RunOptions = {}, limits?: ImageLimits): Promise<UploadedObject> =>
      uploadFromUrl(deps, image, run, limits),
  }
}

/** What `createViapiKit` returns. */
export type ViapiKit = ReturnType<typeof createViapiKit>
