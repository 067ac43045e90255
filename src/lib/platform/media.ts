import { PlatformError } from '../errors'
import { refusal } from './failure'
import type { CompressOptions, MediaCalls, MiniProgramPlatform, PickedPhoto, PlatformFailure, PlatformProfile } from './profile'

export type { CompressOptions, PickedPhoto } from './profile'
export { contentTypeOfWord } from './readers'

type Callback = (res: Record<string, unknown>) => void
type Api = (options: Record<string, unknown>) => unknown

/** The slice of `wx` / `my` / `dd` the media helpers use. */
export interface MiniProgramMediaGlobal {
  chooseMedia?: Api
  chooseImage?: Api
  getImageInfo?: Api
  getFileInfo?: Api
  compressImage?: Api
  saveImageToPhotosAlbum?: Api
  saveImage?: Api
  openSetting?: Api
  /** my (base library 2.7.3): returns an offscreen canvas, synchronously. */
  createOffscreenCanvas?: (options: Record<string, unknown>) => unknown
  canvasToTempFilePath?: Api
  canIUse?: (name: string) => boolean
}

/** The callback-style APIs (`{…options, success, fail}`). */
type CallbackApi = Exclude<keyof MiniProgramMediaGlobal, 'createOffscreenCanvas' | 'canIUse'>

/** What `getImageInfo` says: pixel size and, where the platform tells, the real format. */
export interface PhotoInfo {
  width: number
  height: number
  /** `image/jpeg`, `image/png`, … from the decoder's `type`; undefined where the platform has none (dd). */
  contentType?: string
}

/** A target size in pixels and a JPEG quality (0…100) for `resize`. */
export interface ResizeOptions {
  width: number
  height: number
  quality: number
}

/**
 * What `resize` uses of an offscreen canvas and of the image it creates (Alipay: OffscreenCanvas.getContext,
 * OffscreenCanvas.createImage, Image). typecheck/platform-typings.check.ts checks these names against @mini-types/my.
 */
export interface OffscreenCanvasUse {
  getContext(type: '2d'): { drawImage(image: unknown, dx: number, dy: number, dw: number, dh: number): void } | null
  createImage(): CanvasImageUse
}
export interface CanvasImageUse {
  src: string
  width: number
  height: number
  onload: (() => void) | null
  onerror: ((err?: unknown) => void) | null
}

export interface MiniProgramMedia {
  readonly platform: MiniProgramPlatform
  /** Camera or album, one photo; `undefined` when the user cancels. */
  choosePhoto(): Promise<PickedPhoto | undefined>
  photoInfo(path: string): Promise<PhotoInfo>
  fileSize(path: string): Promise<number>
  /** One re-encode on the device; resolves the new file's path. */
  compress(path: string, options: CompressOptions): Promise<string>
  /**
   * Whether `resize` can work here: a platform that documents a way to scale a photo to a file
   * besides compressImage (my: an offscreen 2D canvas), and a client that has it. False on dd
   * (DingTalk documents none) and on wx (which resizes in `compress`).
   */
  canResize(): boolean
  /**
   * Scales the photo to `width`×`height` (swapped when the decoded image is the other way round,
   * e.g. an EXIF-rotated photo) on an offscreen canvas and exports a JPEG; resolves its path.
   * Rejects with a PlatformError (detail `unsupported`) where `canResize()` is false.
   */
  resize(path: string, options: ResizeOptions): Promise<string>
  /** Saves a local image file to the album. */
  saveToAlbum(filePath: string): Promise<void>
  /** Opens the mini program's settings page (wx, my), so the user can allow the album. False where there is none (dd). */
  openSettings(): Promise<boolean>
}

/** One callback API of `api` as a promise; `fail` becomes a PlatformError (or `onCancel`'s value). */
function callMedia<T>(
  api: MiniProgramMediaGlobal,
  profile: PlatformProfile,
  name: CallbackApi,
  options: object,
  answer: (res: Record<string, unknown>) => T,
  onCancel?: () => T,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const fn = api[name]
    if (typeof fn !== 'function') {
      return reject(new PlatformError({ platform: profile.name, api: name, reason: 'failed', detail: 'missing', message: `${profile.name} has no ${name} API`, hint: 'Update the app (WeChat, Alipay or DingTalk) to a newer version.' }))
    }
    const fail = (res: PlatformFailure) => {
      if (onCancel && profile.classify(name, res) === 'cancelled') return resolve(onCancel())
      reject(refusal(profile, name, res))
    }
    const success: Callback = (res) => {
      try {
        resolve(answer(res ?? {}))
      } catch (err) {
        reject(err)
      }
    }
    try {
      fn.call(api, { ...options, success, fail })
    } catch (err) {
      fail({ errMsg: `${name}:fail ${err instanceof Error ? err.message : String(err)}`, errorMessage: String(err) })
    }
  })
}

/** A success answer that names no file is a failure, not `undefined` passed on. */
function fileOf(platform: MiniProgramPlatform, name: string, out: string | undefined): string {
  if (out !== undefined) return out
  throw new PlatformError({ platform, api: name, reason: 'failed', detail: 'no file in the answer', message: `${platform}.${name} answered without a file`, hint: 'Try again.' })
}

function cannotResize(platform: MiniProgramPlatform, detail: string): PlatformError {
  return new PlatformError({
    platform, api: 'createOffscreenCanvas', reason: 'failed', detail,
    message: detail === 'unsupported'
      ? `${platform} documents no way to resize a photo on the phone`
      : `${platform} could not resize the photo on a canvas (${detail})`,
    hint: detail === 'unsupported' ? 'Choose a smaller photo (e.g. a screenshot) or crop it first.' : 'Update the app, or choose a smaller photo.',
  })
}

function canResizeOn(api: MiniProgramMediaGlobal, calls: MediaCalls): boolean {
  // Platforms whose table has no canvas entries never read the global for them (the host records such reads).
  if (!calls.createOffscreenCanvas || !calls.canvasToTempFilePath) return false
  if (typeof api.createOffscreenCanvas !== 'function' || typeof api.canvasToTempFilePath !== 'function') return false
  return typeof api.canIUse === 'function' && api.canIUse('canvasToTempFilePath.object.canvas') === true
}

/** Loads `path` into an image of `canvas` (its `onload` / `onerror`, as the Image doc shows). */
function loadImage(platform: MiniProgramPlatform, canvas: OffscreenCanvasUse, path: string): Promise<CanvasImageUse> {
  return new Promise((resolve, reject) => {
    const image = canvas.createImage()
    image.onload = () => resolve(image)
    image.onerror = (err?: unknown) => reject(cannotResize(platform, `the image did not load: ${err instanceof Error ? err.message : String((err as { errorMessage?: string } | undefined)?.errorMessage ?? 'onerror')}`))
    image.src = path
  })
}

/**
 * Scales on an offscreen canvas and exports a JPEG (my). A square canvas: the decoded image may be
 * the other way round from getImageInfo's sizes (EXIF orientation), and the doc'd canvas size
 * cannot change after creation (typings: readonly). Only the drawn region is exported.
 */
async function resizeOnCanvas(api: MiniProgramMediaGlobal, profile: PlatformProfile, path: string, options: ResizeOptions): Promise<string> {
  const { createOffscreenCanvas: createCanvas, canvasToTempFilePath: toFile } = profile.media
  const platform = profile.name
  if (!createCanvas || !toFile || !canResizeOn(api, profile.media)) throw cannotResize(platform, 'unsupported')
  const width = Math.max(1, Math.round(options.width))
  const height = Math.max(1, Math.round(options.height))
  const quality = Math.max(0.01, Math.min(1, options.quality / 100))
  const side = Math.max(width, height)
  let canvas: OffscreenCanvasUse
  try {
    canvas = api.createOffscreenCanvas!(createCanvas.options(side, side) as Record<string, unknown>) as OffscreenCanvasUse
  } catch (err) {
    throw cannotResize(platform, err instanceof Error ? err.message : String(err))
  }
  const context = canvas?.getContext?.('2d')
  if (!context) throw cannotResize(platform, 'no 2d context')
  const image = await loadImage(platform, canvas, path)
  const swap = image.width > 0 && image.height > 0 && image.width >= image.height !== width >= height
  const region = swap ? { width: height, height: width } : { width, height }
  context.drawImage(image, 0, 0, region.width, region.height)
  return callMedia(api, profile, 'canvasToTempFilePath', toFile.options(canvas, region, quality), (res) => fileOf(platform, 'canvasToTempFilePath', toFile.read(res)))
}

/**
 * Photos on a mini program: pick, inspect, compress, save — over the raw `wx` / `my` / `dd`
 * global, each call in the shape its vendor documents (docs/platform-contracts.md has the table
 * and the links). The calls themselves are each platform profile's `media` table (wechat.ts,
 * alipay.ts, dingtalk.ts); this module runs them the same way everywhere:
 *
 * | step      | wx                                             | my (Alipay)                                   | dd (DingTalk)                              |
 * | pick      | `chooseMedia` → `tempFiles[{tempFilePath,size}]` (chooseImage is unmaintained since 2.21.0) | `chooseImage` → `tempFilePaths` + `tempFiles[{path,size}]` (older: `apFilePaths`) | `chooseImage` → `filePaths` + `files[{path,size,fileType}]` |
 * | info      | `getImageInfo({src})` → `{width,height,type:'jpeg'…}` | same, `type: 'jpg'…`                        | same, no `type`                            |
 * | compress  | `{src, quality, compressedWidth?, compressedHeight?}` → `{tempFilePath}` | `{apFilePaths, compressLevel}` → `{apFilePaths}` | `{filePaths, compressLevel}` → `{filePaths}` |
 * | file size | `getFileInfo({filePath})`                      | `getFileInfo({apFilePath})`                   | `getFileInfo({filePath})`                  |
 * | save      | `saveImageToPhotosAlbum({filePath})`, scope `writePhotosAlbum`, `openSetting` | `saveImageToPhotosAlbum({filePath})`, `openSetting` | `saveImageToPhotosAlbum({filePath})` (client ≥ 7.0.0), else `saveImage({url})` |
 * | resize    | `compressImage` `compressedWidth/Height` (base library ≥ 2.26.0); no canvas path here | `createOffscreenCanvas({width,height,type:'2d'})` (2.7.3) → `createImage` → `drawImage` → `canvasToTempFilePath({canvas,…})` (2.7.15) | none documented: `resize` refuses (`canResize()` false) |
 *
 * Failures never leave as the platform's raw object: cancel resolves `undefined` (pick), the rest
 * rejects with a `PlatformError` (privacy, permission, …) carrying a plain message and a hint.
 */
export function createMiniProgramMedia(api: MiniProgramMediaGlobal, profile: PlatformProfile): MiniProgramMedia {
  const platform: MiniProgramPlatform = profile.name
  const calls = profile.media
  const call = <T>(name: CallbackApi, options: object, answer: (res: Record<string, unknown>) => T, onCancel?: () => T) =>
    callMedia(api, profile, name, options, answer, onCancel)
  const cancelled = () => undefined
  return {
    platform,
    choosePhoto() {
      // The table first: a platform without chooseMedia (my, dd) never reads it on its global.
      const chooser = calls.chooseMedia && api.chooseMedia ? 'chooseMedia' : 'chooseImage'
      const choose = calls[chooser] ?? calls.chooseImage
      return call(chooser, choose.options(), (res) => choose.read(res), cancelled)
    },
    photoInfo: (path) =>
      call('getImageInfo', calls.getImageInfo.options(path), (res) => {
        const info = calls.getImageInfo.read(res)
        if (!(info.width > 0 && info.height > 0)) fileOf(platform, 'getImageInfo', undefined)
        return info
      }),
    fileSize: (path) => call('getFileInfo', calls.getFileInfo.options(path), (res) => calls.getFileInfo.read(res)),
    compress(path, options) {
      const quality = Math.max(1, Math.min(100, Math.round(options.quality)))
      return call('compressImage', calls.compressImage.options(path, quality, options), (res) => fileOf(platform, 'compressImage', calls.compressImage.read(res)))
    },
    canResize: () => canResizeOn(api, calls),
    resize: (path, options) => resizeOnCanvas(api, profile, path, options),
    saveToAlbum(filePath) {
      if (!api.saveImageToPhotosAlbum && calls.saveImage) return call('saveImage', calls.saveImage.options(filePath), () => undefined)
      return call('saveImageToPhotosAlbum', calls.saveImageToPhotosAlbum.options(filePath), () => undefined)
    },
    openSettings: () => (api.openSetting ? call('openSetting', calls.openSetting.options(), () => true) : Promise.resolve(false)),
  }
}
