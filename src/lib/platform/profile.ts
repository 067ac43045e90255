import type { PlatformFailureReason } from '../base/errors'
import type { DownloadRequest, DownloadResponse, HttpRequest, HttpResponse, UploadProgress, UploadRequest } from '../transport/types'

type MediaApi = (options: Record<string, unknown>) => unknown

/** The slice of `wx` / `my` / `dd` the media helpers use. */
export interface MiniProgramMediaGlobal {
  chooseMedia?: MediaApi
  chooseImage?: MediaApi
  getImageInfo?: MediaApi
  getFileInfo?: MediaApi
  compressImage?: MediaApi
  saveImageToPhotosAlbum?: MediaApi
  saveImage?: MediaApi
  openSetting?: MediaApi
  /** my (base library 2.7.3): returns an offscreen canvas, synchronously (`(width, height)`, or one object before 2022-11). */
  createOffscreenCanvas?: (...args: unknown[]) => unknown
  canvasToTempFilePath?: MediaApi
  canIUse?: (name: string) => boolean
  /** dd (client 6.5.26): the FileSystemManager, whose `getFileInfo` / `readFile` take `{filePath}`. */
  getFileSystemManager?: () => { getFileInfo?: MediaApi; readFile?: MediaApi } | undefined
  /** Only ever called on a FileSystemManager (dd). */
  readFile?: MediaApi
}

/**
 * One mini-program platform as data: every call the kit makes on `wx`, `my` or `dd`, in the shape
 * its vendor documents, and what its failures mean. The transport, media and login helpers are
 * written once over this; each platform's module (wechat.ts, alipay.ts, dingtalk.ts) fills it in.
 * An app imports only its own platform's profile, so a build carries one platform's tables, not
 * three (docs/platform-contracts.md has the vendor pages behind every entry).
 */
export type MiniProgramPlatform = 'weapp' | 'alipay' | 'dd'

/** What the platform hands to `fail`: wx `{errMsg, errno?}`, my/dd `{error, errorMessage}`. */
export type PlatformFailure = Record<string, unknown> | undefined | null

export type FailureKind = PlatformFailureReason | 'cancelled' | 'timeout' | 'aborted'

/**
 * One platform API as a table entry: `options` builds the object the vendor documents (the caller
 * adds `success`/`fail`), `read` takes the fields it reads from `success`, `progress` those of the
 * task's progress event. Each reader declares exactly the fields it reads (all optional: a bridge
 * may leave any out).
 */
export interface PlatformCall<Args extends unknown[], Out> {
  options(...args: Args): object
  read(res: Record<string, unknown>): Out
  progress?(p: Record<string, unknown>): UploadProgress
}

export interface TransportCalls {
  request: PlatformCall<[req: HttpRequest, timeout: number], HttpResponse>
  uploadFile: PlatformCall<[req: UploadRequest, filePath: string, field: string, timeout: number], HttpResponse>
  downloadFile: PlatformCall<[req: DownloadRequest, timeout: number], DownloadResponse>
}

/** A photo the user picked: a local path, and what the picker said about it. */
export interface PickedPhoto {
  path: string
  size?: number
  /** The picker's own type word where it gives one (dd `fileType`), not a MIME type. */
  typeHint?: string
}

export interface CompressOptions {
  /** 0…100; wx applies it to JPEG only, my/dd map it to a `compressLevel`. */
  quality: number
  /** wx ≥ 2.26.0 only (`compressedWidth`/`compressedHeight`); ignored elsewhere. */
  width?: number
  height?: number
}

/** The media calls of one platform; the key is the API name on the global. */
export interface MediaCalls {
  chooseMedia?: PlatformCall<[], PickedPhoto | undefined>
  chooseImage: PlatformCall<[], PickedPhoto | undefined>
  /** `takes`: the paths its page allows (dd: network paths only); absent = any path. */
  getImageInfo: PlatformCall<[path: string], { width: number; height: number; contentType?: string }> & { takes?(path: string): boolean }
  getFileInfo: PlatformCall<[path: string], number>
  /** A file's bytes through the file-system manager, where the platform documents reading one (dd). */
  readFile?: PlatformCall<[path: string], Uint8Array | undefined>
  /** True where `getFileInfo` and `readFile` are methods of `getFileSystemManager()`, not of the global (dd). */
  fileManager?: boolean
  compressImage: PlatformCall<[path: string, quality: number, options: CompressOptions], string | undefined>
  saveImageToPhotosAlbum: { options(filePath: string): object }
  saveImage?: { options(filePath: string): object }
  openSetting: { options(): object }
  /** Canvas resize, only where the platform documents it (my): the call forms to try, in order. */
  createOffscreenCanvas?: { forms(width: number, height: number): unknown[][] }
  canvasToTempFilePath?: PlatformCall<[canvas: object, region: { width: number; height: number }, quality: number], string | undefined>
}

/** A target size in pixels and a JPEG quality (0…100) for `resize`. */
export interface ResizeOptions {
  width: number
  height: number
  quality: number
}

/**
 * A way to scale a photo to a file besides compressImage, on a platform that documents one (my: an
 * offscreen 2D canvas, canvas-resize.ts). It sits on the profile, not in the media helpers, so a
 * build for a platform without one links none of it.
 */
export interface PhotoResizer {
  /** Whether this client has what the resize needs (API present, base library new enough). */
  available(api: MiniProgramMediaGlobal, profile: PlatformProfile): boolean
  resize(api: MiniProgramMediaGlobal, profile: PlatformProfile, path: string, options: ResizeOptions): Promise<string>
}

/** The platform's login call and the one field it reads from `success`. */
export interface LoginCall {
  api: 'login' | 'getAuthCode'
  options(corpId?: string): object
  read(res: Record<string, unknown>): unknown
}

/** What a user reads for one refusal: a message and a hint. */
export interface Explanation {
  message: string
  hint: string
}

export interface PlatformProfile {
  readonly name: MiniProgramPlatform
  /** The app's name as users know it: WeChat, Alipay, DingTalk. */
  readonly label: string
  /** The request APIs on the global, in the order to use them (dd documents `httpRequest`). */
  readonly requestApis: ReadonlyArray<'request' | 'httpRequest'>
  /** my/dd report HTTP ≥ 400 through `fail` with error 19 and the response; wx through `success`. */
  readonly httpErrorsInFail: boolean
  /** False where `uploadFile` documents no UploadTask (dd): no progress events, no abort. */
  readonly uploadProgress: boolean
  /**
   * Transport calls whose page documents no `timeout` option (dd uploadFile, downloadFile): the
   * option is not sent, and the transport's own timer rejects with NetworkError `timeout` instead.
   */
  readonly ownTimeout?: ReadonlyArray<'request' | 'uploadFile' | 'downloadFile'>
  readonly transport: TransportCalls
  readonly media: MediaCalls
  readonly login: LoginCall
  /** What one `fail` of `api` means here (the same number means different things per API). */
  classify(api: string, res: PlatformFailure): FailureKind
  /** Where the console's allow-list for `api`'s calls lives (docs/platforms.md, "Domain allow-lists"). */
  allowListPlace(api: string): string
  /** The message and hint for a refusal only this platform has (wx privacy), or its own wording. */
  explain?(reason: PlatformFailureReason, api: string): Explanation | undefined
  /** What to do about `permission-denied`. */
  readonly permissionHint: string
  /** Scaling a photo on the phone besides compressImage, where the platform documents a way (my). */
  readonly resizer?: PhotoResizer
}
