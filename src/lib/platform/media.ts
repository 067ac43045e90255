import { callMedia, cannotResize, fileOf, type CallbackApi, type MiniProgramMediaGlobal } from './media-call'
import type { CompressOptions, MiniProgramPlatform, PickedPhoto, PlatformProfile, ResizeOptions } from './profile'

export type { CompressOptions, PickedPhoto, ResizeOptions } from './profile'
export type { MiniProgramMediaGlobal } from './media-call'
export type { CanvasImageUse, OffscreenCanvasUse } from './canvas-resize'
export { contentTypeOfWord } from './readers'

/** What `getImageInfo` says: pixel size and, where the platform tells, the real format. */
export interface PhotoInfo {
  width: number
  height: number
  /** `image/jpeg`, `image/png`, … from the decoder's `type`; undefined where the platform has none (dd). */
  contentType?: string
}

export interface MiniProgramMedia {
  readonly platform: MiniProgramPlatform
  /** Camera or album, one photo; `undefined` when the user cancels. */
  choosePhoto(): Promise<PickedPhoto | undefined>
  /** getImageInfo; only where `canInspect(path)`. */
  photoInfo(path: string): Promise<PhotoInfo>
  /** Whether getImageInfo's page allows this path (dd: network paths only, not a picked photo). */
  canInspect(path: string): boolean
  /**
   * The file's bytes, for `readImageHeader`, through the file-system manager where the platform
   * documents reading a file (dd); `undefined` where it documents none (wx, my: getImageInfo reads
   * local paths there). Rejects with a PlatformError when the read fails.
   */
  readHead(path: string): Promise<Uint8Array | undefined>
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

/**
 * Photos on a mini program: pick, inspect, compress, save — over the raw `wx` / `my` / `dd`
 * global, each call in the shape its vendor documents (docs/platform-contracts.md#photos-one-table-per-step
 * has the table and the links). The calls themselves are each platform profile's `media` table
 * (wechat.ts, alipay.ts, dingtalk.ts); this module runs them the same way everywhere.
 *
 * Failures never leave as the platform's raw object: cancel resolves `undefined` (pick), the rest
 * rejects with a `PlatformError` (privacy, permission, …) carrying a plain message and a hint.
 */
export function createMiniProgramMedia(api: MiniProgramMediaGlobal, profile: PlatformProfile): MiniProgramMedia {
  const platform: MiniProgramPlatform = profile.name
  const calls = profile.media
  // dd's getFileInfo / readFile are FileSystemManager methods (jsapi-get-file-system-manager).
  // (No `?.` / `??` here: ES2017 output spells each out, and the core has a size budget.)
  const on = (name: CallbackApi): MiniProgramMediaGlobal =>
    calls.fileManager && (name === 'getFileInfo' || name === 'readFile')
      ? (api.getFileSystemManager && api.getFileSystemManager()) || {}
      : api
  const call = <T>(name: CallbackApi, options: object, answer: (res: Record<string, unknown>) => T, onCancel?: () => T) =>
    callMedia(on(name), profile, name, options, answer, onCancel)
  const cancelled = () => undefined
  return {
    platform,
    choosePhoto() {
      // The table first: a platform without chooseMedia (my, dd) never reads it on its global.
      const chooser = calls.chooseMedia && api.chooseMedia ? 'chooseMedia' : 'chooseImage'
      const choose = calls[chooser] || calls.chooseImage
      return call(chooser, choose.options(), (res) => choose.read(res), cancelled)
    },
    photoInfo: (path) =>
      call('getImageInfo', calls.getImageInfo.options(path), (res) => {
        const info = calls.getImageInfo.read(res)
        if (!(info.width > 0 && info.height > 0)) fileOf(platform, 'getImageInfo', undefined)
        return info
      }),
    canInspect: (path) => !calls.getImageInfo.takes || calls.getImageInfo.takes(path),
    readHead: (path) =>
      calls.readFile ? call('readFile', calls.readFile.options(path), (res) => calls.readFile!.read(res)) : Promise.resolve(undefined),
    fileSize: (path) => call('getFileInfo', calls.getFileInfo.options(path), (res) => calls.getFileInfo.read(res)),
    compress(path, options) {
      const quality = Math.max(1, Math.min(100, Math.round(options.quality)))
      return call('compressImage', calls.compressImage.options(path, quality, options), (res) =>
        fileOf(platform, 'compressImage', calls.compressImage.read(res)),
      )
    },
    // Only a profile that documents a way carries a resizer (Alipay's canvas), so other builds link none.
    canResize: () => !!profile.resizer && profile.resizer.available(api, profile),
    resize: (path, options) =>
      profile.resizer ? profile.resizer.resize(api, profile, path, options) : Promise.reject(cannotResize(platform, 'unsupported')),
    saveToAlbum(filePath) {
      if (!api.saveImageToPhotosAlbum && calls.saveImage) return call('saveImage', calls.saveImage.options(filePath), () => undefined)
      return call('saveImageToPhotosAlbum', calls.saveImageToPhotosAlbum.options(filePath), () => undefined)
    },
    openSettings: () => (api.openSetting ? call('openSetting', calls.openSetting.options(), () => true) : Promise.resolve(false)),
  }
}
