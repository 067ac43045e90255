import type { DownloadRequest, HttpRequest, UploadRequest } from '../transport/types'
import { normalizeProgress } from '../transport/headers'
import { classifyAlipayFamily } from './alipay-family'
import type { LoginCall, MediaCalls, PlatformProfile, TransportCalls } from './profile'
import { compressLevelOf, downloaded, imageInfo, list, picked, responseFrom } from './readers'

/**
 * DingTalk (`dd`), per the DingTalk pages linked in docs/platform-contracts.md. No official
 * typings exist, so nothing checks these tables; their readers take every field name the new and
 * the legacy pages (and newer base libraries) use.
 */

/** dd: every name the new and legacy pages (and newer base libraries) use. */
function responseOf(res: Record<string, unknown>) {
  return responseFrom(res.statusCode || res.status, res.header || res.headers, res.data)
}

/** https://open.dingtalk.com/document/development/jsapi-http-request, …/jsapi-upload-file, …/jsapi-download-file */
const DD_TRANSPORT: TransportCalls = {
  request: {
    options: (req: HttpRequest, timeout: number) => ({
      url: req.url,
      method: req.method,
      data: req.body,
      timeout,
      dataType: 'text',
      headers: req.headers || {},
    }),
    read: responseOf,
  },
  uploadFile: {
    // `fileName` + `fileType` are required; the page documents no UploadTask and no `timeout`
    // (the transport times it itself: `ownTimeout`).
    options: (req: UploadRequest, filePath: string, field: string) => ({
      url: req.url,
      filePath,
      fileName: field,
      fileType: 'image',
      formData: req.formData,
      header: req.headers || {},
    }),
    read: responseOf,
    // Undocumented, but kept for a client that does return an UploadTask.
    progress: (p: Record<string, unknown>) => normalizeProgress(p),
  },
  downloadFile: {
    // `url` and `header` only: no `timeout` on either page (`ownTimeout`).
    options: (req: DownloadRequest) => ({ url: req.url, header: req.headers || {} }),
    // `{filePath}` on newer base libraries, `apFilePath` on older ones.
    read: (res: Record<string, unknown>) => downloaded(res.statusCode || res.status, res.tempFilePath || res.filePath || res.apFilePath),
    progress: (p: Record<string, unknown>) => normalizeProgress(p),
  },
}

/** The first 256 KB of an ArrayBuffer (from any realm: `instanceof` would miss a bridge's). */
function headOf(data: unknown): Uint8Array | undefined {
  if (Object.prototype.toString.call(data) !== '[object ArrayBuffer]') return undefined
  const buffer = data as ArrayBuffer
  return new Uint8Array(buffer, 0, Math.min(buffer.byteLength, 262144))
}

/** dd's picker answer, new page (`files`, `filePaths`) or legacy (`filePaths`), and any wx/my-style names. */
function firstPick(res: Record<string, unknown>) {
  const files = (res.tempFiles || res.files) as Array<Record<string, unknown>> | undefined
  const file = files?.[0]
  const paths = (res.tempFilePaths || res.filePaths || res.apFilePaths) as string[] | undefined
  return picked(file?.tempFilePath || file?.path || paths?.[0], file?.size, file?.fileType)
}

/**
 * No canvas entries: DingTalk documents no offscreen canvas and no canvasToTempFilePath, and its
 * page canvas's drawImage takes only online CDN or package paths, not a picked photo
 * (docs/platform-contracts.md, "Resizing on the device").
 */
const DD_MEDIA: MediaCalls = {
  chooseImage: {
    options: () => ({ count: 1, sourceType: list('album', 'camera') }),
    read: firstPick,
  },
  getImageInfo: {
    options: (path: string) => ({ src: path }),
    read: (res: Record<string, unknown>) => imageInfo(res.width, res.height, res.type),
    // "图片路径，目前仅支持网络图片路径" (jsapi-get-image-info): not `https://resource/…` (temp and
    // cache files) nor `https://usr/…` (user files), the local protocols of file-manager-overview.
    takes: (path: string) => /^https?:\/\//.test(path) && !/^https:\/\/(resource|usr)\//.test(path),
  },
  // FileSystemManager.getFileInfo (client 6.5.26; "本地临时文件…的信息"): `dd.getFileInfo` has no page.
  getFileInfo: {
    options: (path: string) => ({ filePath: path }),
    read: (res: Record<string, unknown>) => Number(res.size),
  },
  // FileSystemManager.readFile (legacy page read-local-user-file: no `encoding` → ArrayBuffer; no
  // position/length documented, so the whole file comes back and only its head is kept).
  readFile: {
    options: (path: string) => ({ filePath: path }),
    read: (res: Record<string, unknown>) => headOf(res.data),
  },
  fileManager: true,
  compressImage: {
    options: (path: string, quality: number) => ({ filePaths: [path], compressLevel: compressLevelOf(quality) }),
    read: (res: Record<string, unknown>) => (res.filePaths as string[] | undefined)?.[0] || undefined,
  },
  saveImageToPhotosAlbum: { options: (filePath: string) => ({ filePath }) },
  // Legacy `dd.saveImage`, for clients older than 7.0.0.
  saveImage: { options: (filePath: string) => ({ url: filePath }) },
  openSetting: { options: () => ({}) },
}

/** `dd.getAuthCode({corpId})` → `{authCode}` (newer versions also `code`); the legacy page calls it without `corpId`. */
const DD_LOGIN: LoginCall = {
  api: 'getAuthCode',
  options: (corpId?: string): Record<string, unknown> => (corpId ? { corpId } : {}),
  read: (res: { authCode?: string; code?: string }) => res.authCode || res.code,
}

export const dingtalkPlatform: PlatformProfile = {
  name: 'dd',
  label: 'DingTalk',
  // DingTalk documents `dd.httpRequest` for mini programs (Alipay's my.request page says DingTalk
  // does not support `request`): https://open.dingtalk.com/document/development/jsapi-http-request
  requestApis: ['httpRequest', 'request'],
  httpErrorsInFail: true,
  // https://open.dingtalk.com/document/development/jsapi-upload-file documents no UploadTask.
  uploadProgress: false,
  // Neither jsapi-upload-file nor jsapi-download-file (nor their legacy pages) documents `timeout`.
  ownTimeout: ['uploadFile', 'downloadFile'],
  transport: DD_TRANSPORT,
  media: DD_MEDIA,
  login: DD_LOGIN,
  classify: (api, res) => classifyAlipayFamily(true, api, res),
  // https://open.dingtalk.com/document/dingstart/configure-secure-domain-name: 开发配置 > 安全设置 > 安全域名.
  allowListPlace: () => 'open-dev.dingtalk.com → 应用 → 开发配置 → 安全设置 → HTTP 可信域名',
  permissionHint: 'Allow DingTalk to use the photo album in the phone’s system settings, then try again.',
}
