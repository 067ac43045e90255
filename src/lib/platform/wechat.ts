import { textOf } from '../base/text'
import type { DownloadRequest, HttpRequest, UploadRequest } from '../transport/types'
import type { CompressOptions, FailureKind, PickedPhoto, PlatformFailure, PlatformProfile } from './profile'
import { errMsgKind } from './errmsg-kind'
import {
  downloaded,
  IMAGE_INFO_CALL,
  list,
  OPEN_SETTING_CALL,
  picked,
  progressOf,
  responseFrom,
  SAVE_TO_ALBUM_CALL,
  writtenProgress,
} from './readers'

/**
 * WeChat (`wx`): every options object the kit builds and every `success` field it reads, per the
 * WeChat pages linked in docs/platform-contracts.md. The tables are checked against
 * miniprogram-api-typings (no extra option key, every read field in the success type) by
 * typecheck/platform-typings.check.ts, which `npm run typecheck` runs; they are left without a
 * type annotation so the check sees each builder's own keys.
 */

/** https://developers.weixin.qq.com/miniprogram/dev/api/network/request/wx.request.html, …/upload/wx.uploadFile.html, …/download/wx.downloadFile.html */
export const WX_TRANSPORT = {
  request: {
    options: (req: HttpRequest, timeout: number) => ({
      url: req.url,
      method: req.method,
      data: req.body,
      timeout,
      // Raw text: our callers parse JSON themselves and OSS answers XML.
      dataType: 'text' as const,
      responseType: 'text' as const,
      header: req.headers || {},
    }),
    // Every HTTP status arrives here.
    read: (res: { statusCode?: number; header?: Record<string, unknown>; data?: unknown }) =>
      responseFrom(res.statusCode, res.header, res.data),
  },
  uploadFile: {
    options: (req: UploadRequest, filePath: string, field: string, timeout: number) => ({
      url: req.url,
      filePath,
      name: field,
      formData: req.formData,
      header: req.headers || {},
      timeout,
    }),
    // No response header in the answer.
    read: (res: { statusCode?: number; data?: unknown }) => responseFrom(res.statusCode, undefined, res.data),
    progress: (p: { progress?: number; totalBytesSent?: number; totalBytesExpectedToSend?: number }) =>
      progressOf(p.progress, p.totalBytesSent, p.totalBytesExpectedToSend),
  },
  downloadFile: {
    options: (req: DownloadRequest, timeout: number) => ({ url: req.url, header: req.headers || {}, timeout }),
    // `{tempFilePath, statusCode}` for every status; `filePath` only when one was passed.
    read: (res: { statusCode?: number; tempFilePath?: string; filePath?: string }) =>
      downloaded(res.statusCode, res.tempFilePath || res.filePath),
    progress: writtenProgress,
  },
}

/** Pick, inspect, compress, save (docs/platform-contracts.md, "Photos"). */
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
      const file = (res.tempFiles || [])[0] || {}
      return picked(file.path || (res.tempFilePaths || [])[0], file.size)
    },
  },
  getImageInfo: IMAGE_INFO_CALL,
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
  saveImageToPhotosAlbum: SAVE_TO_ALBUM_CALL,
  openSetting: OPEN_SETTING_CALL,
}

/** https://developers.weixin.qq.com/miniprogram/dev/api/open-api/login/wx.login.html */
const login = { api: 'login' as const, options: () => ({}), read: (res: { code?: string }) => res.code }
export const WX_LOGIN = { login }

/**
 * One `fail` of any wx API (docs/platform-contracts.md; "community" rules are marked there too).
 * wx failures are `{errMsg, errno?}`, and errno values are the same for every API.
 */
function classify(_api: string, res: PlatformFailure): FailureKind {
  const failure = res || {}
  const text = textOf(failure.errMsg || failure.errorMessage)
  // errno 600002 "url not in domain list" (PublicErrno); devtools says 不在以下 … 合法域名列表中.
  if (failure.errno === 600002 || /url not in domain list|合法域名/i.test(text)) return 'domain-not-allowed'
  // errno 112: "api scope is not declared in the privacy agreement" (community; PrivacyAuthorize page).
  if (failure.errno === 112 || /not declared in the privacy/i.test(text)) return 'privacy-not-declared'
  // The user declined in the privacy pop-up: "privacy permission is not authorized" (typings), errno 104.
  if (failure.errno === 104 || /privacy permission is not authorized/i.test(text)) return 'privacy-declined'
  // scope denied: "auth deny" (devtools), "auth denied" (Android), "authorize no response" (iOS) (community).
  if (failure.errno === 103 || /auth den|authorize no response|permission denied/i.test(text)) return 'permission-denied'
  return errMsgKind(text)
}

/** The WeChat console keeps one allow-list per kind of call: uploadFile, downloadFile, or request for the rest. */
function allowListOf(api: string): string {
  return api === 'uploadFile' ? 'uploadFile' : api === 'downloadFile' ? 'downloadFile' : 'request'
}

export const wechatPlatform: PlatformProfile = {
  name: 'weapp',
  label: 'WeChat',
  requestApis: ['request'],
  httpErrorsInFail: false,
  uploadProgress: true,
  transport: WX_TRANSPORT,
  media: WX_MEDIA,
  login,
  classify,
  allowListPlace: (api) => `mp.weixin.qq.com → 开发管理 → 开发设置 → 服务器域名 → ${allowListOf(api)}合法域名`,
  explain(reason, api) {
    if (reason === 'privacy-not-declared') {
      return {
        message: `WeChat refused ${api}: the mini program does not declare it in its privacy guide (用户隐私保护指引)`,
        hint:
          'Declare the photo album (选中的照片或视频信息 / 相册（仅写入）) ' +
          'in mp.weixin.qq.com → 设置 → 服务内容声明 → 用户隐私保护指引 (see docs/platforms.md).',
      }
    }
    if (reason === 'privacy-declined') {
      return {
        message: `You declined the privacy terms this step needs (${api})`,
        hint: 'Try again and accept the privacy terms to choose or save photos.',
      }
    }
    return undefined
  },
  permissionHint: 'Open the settings, allow the photo album, then try again.',
}
