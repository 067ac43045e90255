import type { Clock } from '../base/clock'
import type { Provider, StsGrant } from '../base/credentials'
import type { GrantRoute } from '../credentials/viapi-temp-route'
import type { UploadedObject } from '../oss/upload'
import type { MemoizedProvider } from '../credentials/memoize'
import type { AbortSignalLike, Transport, UploadProgress } from '../transport/types'
import type { RpcClientOptions } from '../rpc/client'
import type { RpcSigner } from '../rpc/request'
import type { PostFormSigner } from '../oss/post-form'

/** A photo on the device, as the platform's image picker describes it. */
export interface LocalImage {
  /** Temp file path (mini program), blob URL (H5), or bytes (Node). */
  path: string | Uint8Array
  contentType: string
  /** Bytes; checked against the API limits before anything is sent. */
  size?: number
}

/** An image somewhere on the web; the kit decides whether the API can read it where it is. */
export interface RemoteImage {
  url: string
  /** Used when neither the server nor the bytes say it. @default sniffed, else 'image/jpeg' */
  contentType?: string
}

/** Where a run is (`downloading` only for remote images outside Shanghai OSS). */
export type Phase = 'downloading' | 'credentials' | 'uploading' | 'analyzing' | 'done'

/**
 * Who signs uploads: the client with its STS secret (`stsUploads`, the default), or the backend
 * (`serverSignedUploads(policies)`: `POST /api/oss-policy` returns a signed form, the client only
 * posts it). A mode carries its own upload, so a build links only the mode it passes.
 */
export interface UploadMode {
  readonly mode: 'sts' | 'server-signed'
  upload(deps: UploadDeps, image: LocalImage, size: number | undefined, run: RunOptions, report: UploadReport): Promise<UploadedObject>
}

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

/** What `createKitCore` takes: everything but the options of the calls only the full kit has. */
export type KitCoreOptions = Omit<ViapiKitOptions, 'immProject'>

export interface ViapiKitOptions {
  transport: Transport
  /** Where STS grants come from, e.g. `fromBackend(...)`. */
  grants: Provider<StsGrant>
  /** @default a device clock corrected from every grant's serverTime */
  clock?: Clock
  /** Refresh credentials this long before they expire. @default 300000 (5 min) */
  refreshMarginMs?: number
  /** How API calls are signed. @default rpcV3Signer (ACS3-HMAC-SHA256); pass `rpcV1Signer` for HMAC-SHA1 */
  rpcSigner?: RpcSigner
  /**
   * How upload policies are signed, by the version each grant asks for. @default [ossV4FormSigner];
   * a backend that grants `signatureVersion: 'v1'` needs [ossV4FormSigner, ossV1FormSigner]
   */
  ossFormSigners?: ReadonlyArray<PostFormSigner>
  /** Upload attempts after dropped connections / timeouts / 5xx / throttling, the first included. @default 3 */
  uploadAttempts?: number
  /** One upload attempt gives up after this long (then it is retried). @default 60000 */
  uploadTimeoutMs?: number
  /** Attempts to get credentials when the backend is unreachable, slow, 5xx or 429. @default 3 */
  grantAttempts?: number
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /** @default stsUploads; `serverSignedUploads(fromBackendPolicies(...))` to have the backend sign */
  uploadMode?: UploadMode
  /**
   * The `viapi-temp-bucket` image-URL route, for a backend that grants it: pass
   * `viapiTempBucketRoute`. Not linked by default: the vendor advises against the temporary bucket
   * in production, and an app that never meets it does not carry it.
   */
  viapiTempBucketRoute?: GrantRoute
  /** Explains refused RPC calls; pass `diagnoseSignatures` to learn where a signature mismatch comes from. */
  explainError?: RpcClientOptions['explainError']
  /** IMM project for `detectImageFaces` (the backend's IMM_PROJECT). */
  immProject?: string
  /**
   * Endpoints to try in order for a product (the grant's `endpoints` key, e.g. `moderation`),
   * replacing the regions its operations declare; each endpoint still gets its own params (RegionId).
   * @default the grant's endpoint, then the operation's `regionFallback` regions
   */
  regionEndpoints?: Readonly<Record<string, readonly string[]>>
}

/** What an upload needs from the kit. */
export interface UploadDeps {
  transport: Transport
  grant: MemoizedProvider<StsGrant>
  clock: Clock
  /** @default stsUploads */
  mode?: UploadMode
  /** @default [ossV4FormSigner] */
  formSigners?: ReadonlyArray<PostFormSigner>
  /** @default 3 (the retry loop's default) */
  attempts?: number
  timeoutMs?: number
  sleep: (ms: number) => Promise<void>
  random: () => number
}

/** How one upload reports: progress to the caller, and "busy" where the platform gives no progress. */
export interface UploadReport {
  onProgress(p: UploadProgress): void
  /** Without progress events the bar would sit at 0 %: say "busy" instead, once the upload starts. */
  starts(): void
}
