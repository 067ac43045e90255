import { PlatformError } from '../errors'
import { classifyFailure, platformError, type MiniProgramPlatform, type PlatformFailure } from './failure'

/**
 * Photos on a mini program: pick, inspect, compress, save — over the raw `wx` / `my` / `dd`
 * global, each call in the shape its vendor documents (docs/platform-contracts.md has the table
 * and the links). Every difference between the three lives here:
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

/** A photo the user picked: a local path, and what the picker said about it. */
export interface PickedPhoto {
  path: string
  size?: number
  /** The picker's own type word where it gives one (dd `fileType`), not a MIME type. */
  typeHint?: string
}

/** What `getImageInfo` says: pixel size and, where the platform tells, the real format. */
export interface PhotoInfo {
  width: number
  height: number
  /** `image/jpeg`, `image/png`, … from the decoder's `type`; undefined where the platform has none (dd). */
  contentType?: string
}

export interface CompressOptions {
  /** 0…100; wx applies it to JPEG only, my/dd map it to a `compressLevel`. */
  quality: number
  /** wx ≥ 2.26.0 only (`compressedWidth`/`compressedHeight`); ignored elsewhere. */
  width?: number
  height?: number
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

/** `getImageInfo`'s `type` words (wx `jpeg|png|gif|tiff|unknown`; my `jpg|png|gif|webp|bmp|heic|hevc`). */
const TYPE_WORDS: Record<string, string> = {
  jpeg: 'image/jpeg', jpg: 'image/jpeg', png: 'image/png', gif: 'image/gif', bmp: 'image/bmp',
  webp: 'image/webp', tiff: 'image/tiff', heic: 'image/heic', hevc: 'image/heic',
}

/** An image type word (`jpeg`, `jpg`, `PNG`, `image/png`) as a MIME type, when known. */
export function contentTypeOfWord(word: unknown): string | undefined {
  if (typeof word !== 'string') return undefined
  const w = word.toLowerCase().replace(/^image\//, '')
  return TYPE_WORDS[w]
}

/** `list('album', 'camera')`: an options list that keeps its literal words (`Array<'album' | 'camera'>`), so the typings check sees them. */
const list = <T extends string>(...items: T[]): T[] => items

/** 0…100 as Alipay/DingTalk `compressLevel`: 0 low, 1 medium, 2 high quality (3 none, 4 by network, the default). */
const compressLevelOf = (quality: number) => (quality >= 80 ? 2 : quality >= 60 ? 1 : 0)

/**
 * One platform API as this module calls it: `options` builds the object the vendor documents
 * (`call` adds `success`/`fail`), `read` takes the fields it reads from the `success` payload. Each
 * `read` declares exactly the fields it reads (all optional: a bridge may leave any out).
 */
interface MediaCall<Args extends unknown[], Out> {
  options(...args: Args): object
  read(res: Record<string, unknown>): Out
}
/** The calls of one platform's table; the key is the API name on the global. */
interface MediaCalls {
  chooseMedia?: MediaCall<[], PickedPhoto | undefined>
  chooseImage: MediaCall<[], PickedPhoto | undefined>
  getImageInfo: MediaCall<[path: string], { width: number; height: number; contentType?: string }>
  getFileInfo: MediaCall<[path: string], number>
  compressImage: MediaCall<[path: string, quality: number, options: CompressOptions], string | undefined>
  saveImageToPhotosAlbum: { options(filePath: string): object }
  saveImage?: { options(filePath: string): object }
  openSetting: { options(): object }
  /** Canvas resize, only where the platform documents it (my). */
  createOffscreenCanvas?: { options(width: number, height: number): object }
  canvasToTempFilePath?: MediaCall<[canvas: object, region: { width: number; height: number }, quality: number], string | undefined>
}

/**
 * wx: every option object and every `success` field read, per the WeChat pages (docs/platform-contracts.md).
 * Checked against miniprogram-api-typings (no extra option key, every read field in the success
 * type) by typecheck/platform-typings.check.ts, which `npm run typecheck` runs. Left without a
 * `MediaCalls` annotation so the check sees each builder's own keys.
 */
export const WX_MEDIA = {
  chooseMedia: {
    options: () => ({ count: 1, mediaType: list('image'), sourceType: list('album', 'camera'), sizeType: list('compressed') }),
    read: (res: { tempFiles?: Array<{ tempFilePath?: string; size?: number; fileType?: string }> }): PickedPhoto | undefined => {
      const file = res.tempFiles?.[0]
      return picked(file?.tempFilePath, file?.size, file?.fileType)
    },
  },
  /** Unmaintained since base library 2.21.0; only where `chooseMedia` is missing. */
  chooseImage: {
    options: () => ({ count: 1, sourceType: list('album', 'camera'), sizeType: list('compressed') }),
    read: (res: { tempFilePaths?: string[]; tempFiles?: Array<{ path?: string; size?: number }> }): PickedPhoto | undefined => {
      const file = res.tempFiles?.[0]
      return picked(file?.path ?? res.tempFilePaths?.[0], file?.size)
    },
  },
  getImageInfo: {
    options: (path: string) => ({ src: path }),
    read: (res: { width?: number; height?: number; type?: string }) => imageInfo(res.width, res.height, res.type),
  },
  getFileInfo: {
    options: (path: string) => ({ filePath: path }),
    read: (res: { size?: number }) => Number(res.size),
  },
  compressImage: {
    // compressedWidth / compressedHeight need base library 2.26.0.
    options: (path: string, quality: number, options: CompressOptions) => ({
      src: path,
      quality,
      ...(options.width || options.height ? { compressedWidth: options.width, compressedHeight: options.height } : {}),
    }),
    read: (res: { tempFilePath?: string }) => (typeof res.tempFilePath === 'string' ? res.tempFilePath : undefined),
  },
  saveImageToPhotosAlbum: { options: (filePath: string) => ({ filePath }) },
  openSetting: { options: () => ({}) },
}

/** my (Alipay): as WX_MEDIA, checked against @mini-types/my by the same check. */
export const MY_MEDIA = {
  chooseImage: {
    options: () => ({ count: 1, sourceType: list('album', 'camera') }),
    // `tempFilePaths` + `tempFiles` today; older clients answered `apFilePaths`.
    read: (res: { tempFilePaths?: string[]; apFilePaths?: string[]; tempFiles?: Array<{ path?: string; size?: number }> }): PickedPhoto | undefined => {
      const file = res.tempFiles?.[0]
      return picked(file?.path ?? res.tempFilePaths?.[0] ?? res.apFilePaths?.[0], file?.size)
    },
  },
  getImageInfo: {
    options: (path: string) => ({ src: path }),
    // `type` is a word (`jpg`, `png`, …) per the doc; the typings say number (see the check).
    read: (res: { width?: number; height?: number; type?: string }) => imageInfo(res.width, res.height, res.type),
  },
  getFileInfo: {
    options: (path: string) => ({ apFilePath: path }),
    read: (res: { size?: number }) => Number(res.size),
  },
  compressImage: {
    options: (path: string, quality: number) => ({ apFilePaths: [path], compressLevel: compressLevelOf(quality) }),
    read: (res: { apFilePaths?: string[] }) => res.apFilePaths?.[0] || undefined,
  },
  saveImageToPhotosAlbum: { options: (filePath: string) => ({ filePath }) },
  openSetting: { options: () => ({}) },
  /**
   * Base library 2.7.3, an object `{width, height, type}` per the doc (my.createOffscreenCanvas);
   * the typings declare `(width?, height?)`, see the check. `type: '2d'` because `getContext('2d')`
   * must match the type the canvas was created with.
   */
  createOffscreenCanvas: {
    options: (width: number, height: number) => ({ width, height, type: '2d' as const }),
  },
  /**
   * The `canvas` option needs base library 2.7.15 (`my.canIUse('canvasToTempFilePath.object.canvas')`).
   * Every region option is given: the typings make them all required (the doc: all optional).
   * `quality` is (0, 1], JPEG only.
   */
  canvasToTempFilePath: {
    options: (canvas: object, region: { width: number; height: number }, quality: number) => ({
      canvas,
      x: 0,
      y: 0,
      width: region.width,
      height: region.height,
      destWidth: region.width,
      destHeight: region.height,
      fileType: 'jpg' as const,
      quality,
    }),
    // The doc answers `tempFilePath`; the typings also list `apFilePath`.
    read: (res: { tempFilePath?: string; apFilePath?: string }) => res.tempFilePath || res.apFilePath || undefined,
  },
}

/**
 * dd (DingTalk): no official typings exist, so nothing checks this table; it reads every field
 * name the new and the legacy pages use. No canvas entries: DingTalk documents no offscreen canvas
 * and no canvasToTempFilePath, and its page canvas's drawImage takes only online CDN or package
 * paths, not a picked photo (docs/platform-contracts.md, "Resizing on the device").
 */
const DD_MEDIA: MediaCalls = {
  chooseImage: {
    options: () => ({ count: 1, sourceType: list('album', 'camera') }),
    read: (res: Record<string, unknown>) => firstPick(res),
  },
  getImageInfo: {
    options: (path: string) => ({ src: path }),
    read: (res: Record<string, unknown>) => imageInfo(res.width, res.height, res.type),
  },
  getFileInfo: {
    options: (path: string) => ({ filePath: path }),
    read: (res: Record<string, unknown>) => Number(res.size),
  },
  compressImage: {
    options: (path: string, quality: number) => ({ filePaths: [path], compressLevel: compressLevelOf(quality) }),
    read: (res: Record<string, unknown>) => (res.filePaths as string[] | undefined)?.[0] || undefined,
  },
  saveImageToPhotosAlbum: { options: (filePath: string) => ({ filePath }) },
  // Legacy `dd.saveImage`, for clients older than 7.0.0.
  saveImage: { options: (filePath: string) => ({ url: filePath }) },
  openSetting: { options: () => ({}) },
}

const MEDIA_CALLS: Record<MiniProgramPlatform, MediaCalls> = { weapp: WX_MEDIA, alipay: MY_MEDIA, dd: DD_MEDIA }

/** A pick as a PickedPhoto; the type word only where it says more than `image` (dd `fileType`). */
function picked(path: unknown, size: unknown, fileType?: unknown): PickedPhoto | undefined {
  if (typeof path !== 'string' || !path) return undefined
  return { path, size: typeof size === 'number' ? size : undefined, typeHint: typeof fileType === 'string' && fileType !== 'image' ? fileType : undefined }
}

/** dd's picker answer, new page (`files`, `filePaths`) or legacy (`filePaths`), and any wx/my-style names. */
function firstPick(res: Record<string, unknown>): PickedPhoto | undefined {
  const files = (res.tempFiles ?? res.files) as Array<Record<string, unknown>> | undefined
  const file = files?.[0]
  const paths = (res.tempFilePaths ?? res.filePaths ?? res.apFilePaths) as string[] | undefined
  return picked(file?.tempFilePath ?? file?.path ?? paths?.[0], file?.size, file?.fileType)
}

function imageInfo(width: unknown, height: unknown, type: unknown): { width: number; height: number; contentType?: string } {
  return { width: Number(width), height: Number(height), contentType: contentTypeOfWord(type) }
}

export function createMiniProgramMedia(api: MiniProgramMediaGlobal, platform: MiniProgramPlatform): MiniProgramMedia {
  const isWx = platform === 'weapp'
  const calls = MEDIA_CALLS[platform]

  /** One callback API as a promise; `fail` becomes a PlatformError (or `onCancel`'s value). */
  function call<T>(name: CallbackApi, options: object, answer: (res: Record<string, unknown>) => T, onCancel?: () => T): Promise<T> {
    return new Promise((resolve, reject) => {
      const fn = api[name]
      if (typeof fn !== 'function') {
        return reject(new PlatformError({ platform, api: name, reason: 'failed', detail: 'missing', message: `${platform} has no ${name} API`, hint: 'Update the app (WeChat, Alipay or DingTalk) to a newer version.' }))
      }
      const fail = (res: PlatformFailure) => {
        if (onCancel && classifyFailure(platform, name, res) === 'cancelled') return resolve(onCancel())
        reject(platformError(platform, name, res))
      }
      try {
        fn.call(api, {
          ...options,
          success: ((res) => {
            try {
              resolve(answer(res ?? {}))
            } catch (err) {
              reject(err)
            }
          }) as Callback,
          fail: fail as Callback,
        })
      } catch (err) {
        fail({ errMsg: `${name}:fail ${err instanceof Error ? err.message : String(err)}`, errorMessage: String(err) })
      }
    })
  }

  const cannotResize = (detail: string) =>
    new PlatformError({
      platform, api: 'createOffscreenCanvas', reason: 'failed', detail,
      message: detail === 'unsupported'
        ? `${platform} documents no way to resize a photo on the phone`
        : `${platform} could not resize the photo on a canvas (${detail})`,
      hint: detail === 'unsupported' ? 'Choose a smaller photo (e.g. a screenshot) or crop it first.' : 'Update the app, or choose a smaller photo.',
    })

  function canResize(): boolean {
    // Platforms whose table has no canvas entries never read the global for them (the host records such reads).
    if (!calls.createOffscreenCanvas || !calls.canvasToTempFilePath) return false
    if (typeof api.createOffscreenCanvas !== 'function' || typeof api.canvasToTempFilePath !== 'function') return false
    return typeof api.canIUse === 'function' && api.canIUse('canvasToTempFilePath.object.canvas') === true
  }

  /** Loads `path` into an image of `canvas` (its `onload` / `onerror`, as the Image doc shows). */
  function loadImage(canvas: OffscreenCanvasUse, path: string): Promise<CanvasImageUse> {
    return new Promise((resolve, reject) => {
      const image = canvas.createImage()
      image.onload = () => resolve(image)
      image.onerror = (err?: unknown) => reject(cannotResize(`the image did not load: ${err instanceof Error ? err.message : String((err as { errorMessage?: string } | undefined)?.errorMessage ?? 'onerror')}`))
      image.src = path
    })
  }

  const noFile = (name: string) =>
    new PlatformError({ platform, api: name, reason: 'failed', detail: 'no file in the answer', message: `${platform}.${name} answered without a file`, hint: 'Try again.' })

  return {
    platform,
    choosePhoto() {
      const cancelled = () => undefined
      if (isWx && api.chooseMedia && calls.chooseMedia) {
        const chooseMedia = calls.chooseMedia
        return call('chooseMedia', chooseMedia.options(), (res) => chooseMedia.read(res), cancelled)
      }
      return call('chooseImage', calls.chooseImage.options(), (res) => calls.chooseImage.read(res), cancelled)
    },
    photoInfo(path) {
      return call('getImageInfo', calls.getImageInfo.options(path), (res) => {
        const info = calls.getImageInfo.read(res)
        if (!(info.width > 0 && info.height > 0)) throw noFile('getImageInfo')
        return info
      })
    },
    fileSize(path) {
      return call('getFileInfo', calls.getFileInfo.options(path), (res) => calls.getFileInfo.read(res))
    },
    compress(path, options) {
      const quality = Math.max(1, Math.min(100, Math.round(options.quality)))
      return call('compressImage', calls.compressImage.options(path, quality, options), (res) => {
        const out = calls.compressImage.read(res)
        if (out === undefined) throw noFile('compressImage')
        return out
      })
    },
    canResize,
    async resize(path, options) {
      const createCanvas = calls.createOffscreenCanvas
      const toFile = calls.canvasToTempFilePath
      if (!createCanvas || !toFile || !canResize()) throw cannotResize('unsupported')
      const width = Math.max(1, Math.round(options.width))
      const height = Math.max(1, Math.round(options.height))
      const quality = Math.max(0.01, Math.min(1, options.quality / 100))
      // A square canvas: the decoded image may be the other way round from getImageInfo's sizes
      // (EXIF orientation), and the doc'd canvas size cannot change after creation (typings:
      // readonly). Only the drawn region is exported.
      const side = Math.max(width, height)
      let canvas: OffscreenCanvasUse
      try {
        canvas = api.createOffscreenCanvas!(createCanvas.options(side, side) as Record<string, unknown>) as OffscreenCanvasUse
      } catch (err) {
        throw cannotResize(err instanceof Error ? err.message : String(err))
      }
      const context = canvas?.getContext?.('2d')
      if (!context) throw cannotResize('no 2d context')
      const image = await loadImage(canvas, path)
      const swap = image.width > 0 && image.height > 0 && image.width >= image.height !== width >= height
      const region = swap ? { width: height, height: width } : { width, height }
      context.drawImage(image, 0, 0, region.width, region.height)
      return call('canvasToTempFilePath', toFile.options(canvas, region, quality), (res) => {
        const out = toFile.read(res)
        if (out === undefined) throw noFile('canvasToTempFilePath')
        return out
      })
    },
    saveToAlbum(filePath) {
      if (!api.saveImageToPhotosAlbum && calls.saveImage) return call('saveImage', calls.saveImage.options(filePath), () => undefined)
      return call('saveImageToPhotosAlbum', calls.saveImageToPhotosAlbum.options(filePath), () => undefined)
    },
    openSettings() {
      if (!api.openSetting) return Promise.resolve(false)
      return call('openSetting', calls.openSetting.options(), () => true)
    },
  }
}
