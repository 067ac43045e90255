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
}

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

export interface MiniProgramMedia {
  readonly platform: MiniProgramPlatform
  /** Camera or album, one photo; `undefined` when the user cancels. */
  choosePhoto(): Promise<PickedPhoto | undefined>
  photoInfo(path: string): Promise<PhotoInfo>
  fileSize(path: string): Promise<number>
  /** One re-encode on the device; resolves the new file's path. */
  compress(path: string, options: CompressOptions): Promise<string>
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

export function createMiniProgramMedia(api: MiniProgramMediaGlobal, platform: MiniProgramPlatform): MiniProgramMedia {
  const isWx = platform === 'weapp'

  /** One callback API as a promise; `fail` becomes a PlatformError (or `onCancel`'s value). */
  function call<T>(name: keyof MiniProgramMediaGlobal, options: Record<string, unknown>, answer: (res: Record<string, unknown>) => T, onCancel?: () => T): Promise<T> {
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

  const noFile = (name: string) =>
    new PlatformError({ platform, api: name, reason: 'failed', detail: 'no file in the answer', message: `${platform}.${name} answered without a file`, hint: 'Try again.' })

  function firstPick(res: Record<string, unknown>): PickedPhoto | undefined {
    const files = (res.tempFiles ?? res.files) as Array<Record<string, unknown>> | undefined
    const file = files?.[0]
    const paths = (res.tempFilePaths ?? res.filePaths ?? res.apFilePaths) as string[] | undefined
    const path = (file?.tempFilePath ?? file?.path ?? paths?.[0]) as string | undefined
    if (!path) return undefined
    const size = typeof file?.size === 'number' ? file.size : undefined
    return { path, size, typeHint: typeof file?.fileType === 'string' && file.fileType !== 'image' ? file.fileType : undefined }
  }

  return {
    platform,
    choosePhoto() {
      const pick = (res: Record<string, unknown>) => firstPick(res)
      const cancelled = () => undefined
      if (isWx && api.chooseMedia) {
        return call('chooseMedia', { count: 1, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] }, pick, cancelled)
      }
      return call('chooseImage', { count: 1, sourceType: ['album', 'camera'], ...(isWx ? { sizeType: ['compressed'] } : {}) }, pick, cancelled)
    },
    photoInfo(path) {
      return call('getImageInfo', { src: path }, (res) => {
        const width = Number(res.width)
        const height = Number(res.height)
        if (!(width > 0 && height > 0)) throw noFile('getImageInfo')
        return { width, height, contentType: contentTypeOfWord(res.type) }
      })
    },
    fileSize(path) {
      return call('getFileInfo', platform === 'alipay' ? { apFilePath: path } : { filePath: path }, (res) => Number(res.size))
    },
    compress(path, options) {
      const quality = Math.max(1, Math.min(100, Math.round(options.quality)))
      if (isWx) {
        const resize = options.width || options.height ? { compressedWidth: options.width, compressedHeight: options.height } : {}
        return call('compressImage', { src: path, quality, ...resize }, (res) => {
          if (typeof res.tempFilePath !== 'string') throw noFile('compressImage')
          return res.tempFilePath
        })
      }
      // compressLevel: 0 low, 1 medium, 2 high quality (3 none, 4 by network, the default).
      const compressLevel = quality >= 80 ? 2 : quality >= 60 ? 1 : 0
      const field = platform === 'dd' ? 'filePaths' : 'apFilePaths'
      return call('compressImage', { [field]: [path], compressLevel }, (res) => {
        const out = (res[field] as string[] | undefined)?.[0]
        if (!out) throw noFile('compressImage')
        return out
      })
    },
    saveToAlbum(filePath) {
      if (platform === 'dd' && !api.saveImageToPhotosAlbum) return call('saveImage', { url: filePath }, () => undefined)
      return call('saveImageToPhotosAlbum', { filePath }, () => undefined)
    },
    openSettings() {
      if (!api.openSetting) return Promise.resolve(false)
      return call('openSetting', {}, () => true)
    },
  }
}
