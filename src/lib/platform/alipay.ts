import type { DownloadRequest, HttpRequest, UploadRequest } from '../transport/types'
import { classifyAlipayFamily } from './alipay-family'
import type { PickedPhoto, PlatformProfile } from './profile'
import {
  compressLevelOf,
  downloaded,
  IMAGE_INFO_CALL,
  list,
  OPEN_SETTING_CALL,
  picked,
  responseFrom,
  SAVE_TO_ALBUM_CALL,
  writtenProgress,
} from './readers'
import { canvasResizer } from './canvas-resize'

/**
 * Alipay (`my`): every options object the kit builds and every `success` field it reads, per the
 * Alipay pages linked in docs/platform-contracts.md. Checked against @mini-types/my by
 * typecheck/platform-typings.check.ts (`npm run typecheck`); left without a type annotation so the
 * check sees each builder's own keys.
 */

/** https://opendocs.alipay.com/mini/api/owycmh (request), …/kmq4hc (uploadFile), …/xr054r (downloadFile) */
export const MY_TRANSPORT = {
  request: {
    options: (req: HttpRequest, timeout: number) => ({
      url: req.url,
      method: req.method,
      data: req.body,
      timeout,
      // `text` keeps the body raw (`responseType` is a wx key: my has none).
      dataType: 'text' as const,
      headers: req.headers || {},
    }),
    // `{data, status, headers}`; newer base libraries also `statusCode`, `header`. HTTP ≥ 400 may
    // come through `fail` (error 19) instead: `httpErrorsInFail`.
    read: (res: {
      statusCode?: number
      status?: number
      header?: Record<string, unknown>
      headers?: Record<string, unknown>
      data?: unknown
    }) => responseFrom(res.statusCode || res.status, res.header || res.headers, res.data),
  },
  uploadFile: {
    // `name` is the documented key since 2022-11, `fileName` the legacy one older clients read
    // ("会转换成 name 字段"); `fileType` is deprecated but the IDE still checks it; `hideLoading`:
    // we draw our own progress.
    options: (req: UploadRequest, filePath: string, field: string, timeout: number) => ({
      url: req.url,
      filePath,
      name: field,
      fileName: field,
      fileType: 'image' as const,
      hideLoading: true,
      formData: req.formData,
      header: req.headers || {},
      timeout,
    }),
    // `statusCode` may arrive as a string (toStatus takes both).
    read: (res: { statusCode?: number | string; header?: Record<string, unknown>; data?: unknown }) =>
      responseFrom(res.statusCode, res.header, res.data),
    progress: writtenProgress,
  },
  downloadFile: {
    options: (req: DownloadRequest, timeout: number) => ({ url: req.url, header: req.headers || {}, timeout }),
    // No status code: success means the server said 2xx. `tempFilePath` from base library 2.7.23.
    read: (res: { tempFilePath?: string; apFilePath?: string }) => downloaded(undefined, res.tempFilePath || res.apFilePath),
    progress: writtenProgress,
  },
}

/** Pick, inspect, compress, save, and resize on an offscreen canvas (docs/platform-contracts.md, "Photos"). */
export const MY_MEDIA = {
  chooseImage: {
    options: () => ({ count: 1, sourceType: list('album', 'camera') }),
    // `tempFilePaths` + `tempFiles` today; older clients answered `apFilePaths`.
    read: (res: {
      tempFilePaths?: string[]
      apFilePaths?: string[]
      tempFiles?: Array<{ path?: string; size?: number }>
    }): PickedPhoto | undefined => {
      const file = (res.tempFiles || [])[0] || {}
      return picked(file.path || (res.tempFilePaths || [])[0] || (res.apFilePaths || [])[0], file.size)
    },
  },
  // `type` is a word (`jpg`, `png`, …) per the doc; the typings say number (see the check).
  getImageInfo: IMAGE_INFO_CALL,
  getFileInfo: {
    options: (path: string) => ({ apFilePath: path }),
    read: (res: { size?: number }) => Number(res.size),
  },
  compressImage: {
    options: (path: string, quality: number) => ({ apFilePaths: [path], compressLevel: compressLevelOf(quality) }),
    read: (res: { apFilePaths?: string[] }) => (res.apFilePaths || [])[0] || undefined,
  },
  saveImageToPhotosAlbum: SAVE_TO_ALBUM_CALL,
  openSetting: OPEN_SETTING_CALL,
  /**
   * Base library 2.7.3. The current page (my.createOffscreenCanvas, 021zn0) and @mini-types/my call
   * it `(width, height)`; before 2022-11 the page took one object `{width, height, type}`. Each
   * form is tried in turn, and a canvas counts only at the asked size (the other form's runtime
   * makes its 100×100 default). `getContext('2d')` then picks the 2d context.
   */
  createOffscreenCanvas: {
    forms: (width: number, height: number): [[number, number], [{ width: number; height: number; type: '2d' }]] => [
      [width, height],
      [{ width, height, type: '2d' }],
    ],
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
    // `apFilePath` (the current page, and the typings) or `tempFilePath` (the 2.7.15 page, the typings).
    read: (res: { tempFilePath?: string; apFilePath?: string }) => res.apFilePath || res.tempFilePath || undefined,
  },
}

/** https://opendocs.alipay.com/mini/api/openapi-authorize: `auth_base` is the silent scope. */
const getAuthCode = {
  api: 'getAuthCode' as const,
  options: () => ({ scopes: 'auth_base' }),
  read: (res: { authCode?: string }) => res.authCode,
}
export const MY_LOGIN = { getAuthCode }

export const alipayPlatform: PlatformProfile = {
  name: 'alipay',
  label: 'Alipay',
  requestApis: ['request', 'httpRequest'],
  httpErrorsInFail: true,
  uploadProgress: true,
  transport: MY_TRANSPORT,
  media: MY_MEDIA,
  login: getAuthCode,
  classify: (api, res) => classifyAlipayFamily(false, api, res),
  allowListPlace: () => 'open.alipay.com → 小程序 → 开发设置 → 服务器域名白名单',
  permissionHint: 'Open the settings, allow the photo album, then try again.',
  resizer: canvasResizer,
}
