import { NetworkError, PlatformError, type NetworkFailure } from '../errors'
import { classifyFailure, failureDetail, platformError, type MiniProgramPlatform } from '../platform/failure'
import { onAbort } from './abort'
import { bodyToText, normalizeHeaders, normalizeProgress } from './headers'
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_UPLOAD_TIMEOUT_MS,
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  type DownloadRequest,
  type DownloadResponse,
  type HttpRequest,
  type HttpResponse,
  type Transport,
  type UploadProgress,
  type UploadRequest,
} from './types'

/**
 * A Transport over a raw mini-program global: `wx` (WeChat), `my` (Alipay) or `dd` (DingTalk).
 * Every difference between the three lives here:
 * - request:   wx `header`/`statusCode`/`header`;  my/dd `headers`/`status`/`headers` (newer base
 *              libraries add the wx names too), and my/dd call `fail` with error 19 for HTTP ≥ 400,
 *              carrying the response; my has `request`, older dd only `httpRequest`.
 * - uploadFile: wx `name`; my `name` (required since 2022-11) plus `fileName` for older clients and
 *              `fileType: 'image'` (deprecated on my, still required on dd, which answers `{error: 11}`
 *              without it) and `hideLoading` (we draw our own progress); dd `fileName` + `fileType`,
 *              and no UploadTask: no progress, no abort. my/dd report `statusCode` as a string.
 *              my uploadFile error 12 is an upload timeout (docs/platform-contracts.md).
 * - errors:    wx `{errMsg}`; my/dd `{error, errorMessage}`.
 * Every options object and every `success` field read lives in one table per platform
 * (WX_TRANSPORT, MY_TRANSPORT, DD_TRANSPORT); typecheck/platform-typings.check.ts checks the wx and
 * my tables against the vendors' typings (`npm run typecheck`).
 */
export type { MiniProgramPlatform }

type Callback = (res: Record<string, unknown>) => void
interface Task {
  abort?: () => void
  onProgressUpdate?: (cb: (p: Record<string, number>) => void) => void
}
/** The slice of `wx` / `my` / `dd` this adapter uses. */
export interface MiniProgramGlobal {
  request?: (options: Record<string, unknown>) => Task | undefined
  httpRequest?: (options: Record<string, unknown>) => Task | undefined
  uploadFile: (options: Record<string, unknown>) => Task | undefined
  /** wx `{tempFilePath, statusCode}`; my `{apFilePath}`; dd `{filePath}` (older dd: `apFilePath`). */
  downloadFile?: (options: Record<string, unknown>) => Task | undefined
}

/** Alipay/DingTalk error 19: "HTTP error" — the server answered, with a status ≥ 400. */
const ALIPAY_HTTP_ERROR = 19

function toStatus(raw: unknown): number {
  const n = Number(raw)
  return Number.isFinite(n) ? n : 0
}

/**
 * Turns a platform's `fail` payload into an HTTP response (my/dd error 19), a PlatformError (the
 * host is not on the console's allow-list: retrying cannot help) or a NetworkError.
 */
function failureOf(
  platform: MiniProgramPlatform,
  api: string,
  url: string,
  res: Record<string, unknown>,
): { response?: HttpResponse; refused?: PlatformError; failure: NetworkFailure; detail: string } {
  const status = toStatus(res.status ?? res.statusCode)
  if (platform !== 'weapp' && res.error === ALIPAY_HTTP_ERROR && status > 0) {
    return { response: { status, headers: normalizeHeaders(res.headers ?? res.header), body: bodyToText(res.data) }, failure: 'failed', detail: '' }
  }
  const detail = failureDetail(res)
  const kind = classifyFailure(platform, api, res)
  if (kind === 'domain-not-allowed') return { refused: platformError(platform, api, res, url), failure: 'failed', detail }
  return { failure: kind === 'aborted' ? 'aborted' : kind === 'timeout' ? 'timeout' : 'failed', detail }
}

/** An HTTP answer from the platform's status, header and body fields (platforms disagree on all three). */
function responseFrom(status: unknown, headers: unknown, data: unknown): HttpResponse {
  return { status: toStatus(status), headers: normalizeHeaders(headers), body: bodyToText(data) }
}

/** dd: every name the new and legacy pages (and newer base libraries) use. */
function responseOf(res: Record<string, unknown>): HttpResponse {
  return responseFrom(res.statusCode ?? res.status, res.header ?? res.headers, res.data)
}

/** A downloadFile answer: the status (none on my/dd: success means 2xx) and the local file, kept only on 2xx. */
function downloaded(rawStatus: unknown, path: unknown): DownloadResponse {
  const status = toStatus(rawStatus ?? 200)
  const filePath = String(path ?? '')
  const ok = status >= 200 && status < 300
  return ok && filePath ? { status, filePath } : { status: ok ? 0 : status }
}

/** A progress event from its three numbers (`progress` 0…100 wins when given). */
function progressOf(progress: unknown, loaded: unknown, total: unknown): UploadProgress {
  return normalizeProgress({ progress, totalBytesSent: loaded, totalBytesExpectedToSend: total })
}

/**
 * One callback-style platform call as a promise, with abort. `answer` turns a `success` payload
 * into the result, `httpAnswer` a response my/dd reported through `fail` (error 19, HTTP ≥ 400).
 */
function callPlatform<T>(
  platform: MiniProgramPlatform,
  api: string,
  method: string,
  url: string,
  start: (callbacks: { success: Callback; fail: Callback }) => Task | undefined,
  signal: HttpRequest['signal'],
  answer: (res: Record<string, unknown>) => T,
  httpAnswer: (response: HttpResponse) => T,
  onTask?: (task: Task) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new NetworkError('aborted', method, url))
    let settled = false
    const settle = (fn: () => void) => {
      if (settled) return
      settled = true
      unsubscribe()
      fn()
    }
    const task = start({
      success: (res) => settle(() => resolve(answer(res))),
      fail: (res) => {
        const { response, refused, failure, detail } = failureOf(platform, api, url, res ?? {})
        settle(() => {
          if (response) resolve(httpAnswer(response))
          else reject(refused ?? new NetworkError(failure, method, url, { cause: new Error(`${platform}: ${detail}`) }))
        })
      },
    })
    const unsubscribe = onAbort(signal, () => {
      task?.abort?.()
      settle(() => reject(new NetworkError('aborted', method, url)))
    })
    if (task && onTask) onTask(task)
  })
}

/**
 * One platform API as the transport calls it: `options` builds the object the vendor documents
 * (callPlatform adds `success`/`fail`), `read` takes the fields it reads from `success`, `progress`
 * those of the task's progress event. Each `read`/`progress` declares exactly the fields it reads
 * (all optional: a bridge may leave any out).
 */
interface TransportCall<Args extends unknown[], Out> {
  options(...args: Args): object
  read(res: Record<string, unknown>): Out
  progress?(p: Record<string, unknown>): UploadProgress
}
interface TransportCalls {
  request: TransportCall<[req: HttpRequest, timeout: number], HttpResponse>
  uploadFile: TransportCall<[req: UploadRequest, filePath: string, field: string, timeout: number], HttpResponse>
  downloadFile: TransportCall<[req: DownloadRequest, timeout: number], DownloadResponse>
}

/**
 * wx, per https://developers.weixin.qq.com/miniprogram/dev/api/network/request/wx.request.html,
 * …/upload/wx.uploadFile.html and …/download/wx.downloadFile.html. Checked against
 * miniprogram-api-typings by typecheck/platform-typings.check.ts. Left without a `TransportCalls`
 * annotation (as MY_TRANSPORT) so the check sees each builder's own keys.
 */
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
      header: req.headers ?? {},
    }),
    // Every HTTP status arrives here.
    read: (res: { statusCode?: number; header?: Record<string, unknown>; data?: unknown }) => responseFrom(res.statusCode, res.header, res.data),
  },
  uploadFile: {
    options: (req: UploadRequest, filePath: string, field: string, timeout: number) => ({
      url: req.url,
      filePath,
      name: field,
      formData: req.formData,
      header: req.headers ?? {},
      timeout,
    }),
    // No response header in the answer.
    read: (res: { statusCode?: number; data?: unknown }) => responseFrom(res.statusCode, undefined, res.data),
    progress: (p: { progress?: number; totalBytesSent?: number; totalBytesExpectedToSend?: number }) =>
      progressOf(p.progress, p.totalBytesSent, p.totalBytesExpectedToSend),
  },
  downloadFile: {
    options: (req: DownloadRequest, timeout: number) => ({ url: req.url, header: req.headers ?? {}, timeout }),
    // `{tempFilePath, statusCode}` for every status; `filePath` only when one was passed.
    read: (res: { statusCode?: number; tempFilePath?: string; filePath?: string }) => downloaded(res.statusCode, res.tempFilePath ?? res.filePath),
    progress: (p: { progress?: number; totalBytesWritten?: number; totalBytesExpectedToWrite?: number }) =>
      progressOf(p.progress, p.totalBytesWritten, p.totalBytesExpectedToWrite),
  },
}

/**
 * my (Alipay), per https://opendocs.alipay.com/mini/api/owycmh (request),
 * https://opendocs.alipay.com/mini/api/kmq4hc (uploadFile) and https://opendocs.alipay.com/mini/api/xr054r
 * (downloadFile). Checked against @mini-types/my by typecheck/platform-typings.check.ts.
 */
export const MY_TRANSPORT = {
  request: {
    options: (req: HttpRequest, timeout: number) => ({
      url: req.url,
      method: req.method,
      data: req.body,
      timeout,
      // `text` keeps the body raw (`responseType` is a wx key: my has none).
      dataType: 'text' as const,
      headers: req.headers ?? {},
    }),
    // `{data, status, headers}`; newer base libraries also `statusCode`, `header`. HTTP ≥ 400 may
    // come through `fail` (error 19) instead: failureOf.
    read: (res: { statusCode?: number; status?: number; header?: Record<string, unknown>; headers?: Record<string, unknown>; data?: unknown }) =>
      responseFrom(res.statusCode ?? res.status, res.header ?? res.headers, res.data),
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
      header: req.headers ?? {},
      timeout,
    }),
    // `statusCode` may arrive as a string (toStatus takes both).
    read: (res: { statusCode?: number | string; header?: Record<string, unknown>; data?: unknown }) => responseFrom(res.statusCode, res.header, res.data),
    progress: (p: { progress?: number; totalBytesWritten?: number; totalBytesExpectedToWrite?: number }) =>
      progressOf(p.progress, p.totalBytesWritten, p.totalBytesExpectedToWrite),
  },
  downloadFile: {
    options: (req: DownloadRequest, timeout: number) => ({ url: req.url, header: req.headers ?? {}, timeout }),
    // No status code: success means the server said 2xx. `tempFilePath` from base library 2.7.23.
    read: (res: { tempFilePath?: string; apFilePath?: string }) => downloaded(undefined, res.tempFilePath ?? res.apFilePath),
    progress: (p: { progress?: number; totalBytesWritten?: number; totalBytesExpectedToWrite?: number }) =>
      progressOf(p.progress, p.totalBytesWritten, p.totalBytesExpectedToWrite),
  },
}

/**
 * dd (DingTalk), per https://open.dingtalk.com/document/development/jsapi-http-request,
 * …/jsapi-upload-file and …/jsapi-download-file. No official typings exist, so nothing checks this
 * table; its readers take every field name the new and the legacy pages use.
 */
const DD_TRANSPORT: TransportCalls = {
  request: {
    options: (req: HttpRequest, timeout: number) => ({ url: req.url, method: req.method, data: req.body, timeout, dataType: 'text', headers: req.headers ?? {} }),
    read: responseOf,
  },
  uploadFile: {
    // `fileName` + `fileType` are required; the page documents no UploadTask.
    options: (req: UploadRequest, filePath: string, field: string, timeout: number) => ({
      url: req.url,
      filePath,
      fileName: field,
      fileType: 'image',
      formData: req.formData,
      header: req.headers ?? {},
      timeout,
    }),
    read: responseOf,
    // Undocumented, but kept for a client that does return an UploadTask.
    progress: (p: Record<string, unknown>) => normalizeProgress(p),
  },
  downloadFile: {
    options: (req: DownloadRequest, timeout: number) => ({ url: req.url, header: req.headers ?? {}, timeout }),
    // `{filePath}` on newer base libraries, `apFilePath` on older ones.
    read: (res: Record<string, unknown>) => downloaded(res.statusCode ?? res.status, res.tempFilePath ?? res.filePath ?? res.apFilePath),
    progress: (p: Record<string, unknown>) => normalizeProgress(p),
  },
}

const TRANSPORT_CALLS: Record<MiniProgramPlatform, TransportCalls> = { weapp: WX_TRANSPORT, alipay: MY_TRANSPORT, dd: DD_TRANSPORT }

export function createMiniProgramTransport(api: MiniProgramGlobal, platform: MiniProgramPlatform): Transport {
  const isWx = platform === 'weapp'
  const calls = TRANSPORT_CALLS[platform]
  return {
    platform,
    // https://open.dingtalk.com/document/development/jsapi-upload-file documents no UploadTask.
    uploadProgress: platform !== 'dd',
    request(req: HttpRequest) {
      // DingTalk documents `dd.httpRequest` for mini programs (Alipay's my.request page says DingTalk
      // does not support `request`): https://open.dingtalk.com/document/development/jsapi-http-request
      const call = isWx ? api.request : platform === 'dd' ? (api.httpRequest ?? api.request) : (api.request ?? api.httpRequest)
      if (!call) return Promise.reject(new NetworkError('failed', req.method, req.url, { cause: new Error(`${platform} has no request API`) }))
      const options = calls.request.options(req, req.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS)
      return callPlatform(
        platform,
        isWx || call === api.request ? 'request' : 'httpRequest',
        req.method,
        req.url,
        (cb) => call.call(api, { ...options, ...cb }),
        req.signal,
        (res) => calls.request.read(res),
        (response) => response,
      )
    },
    downloadFile(req: DownloadRequest) {
      const download = api.downloadFile
      if (!download) return Promise.reject(new NetworkError('failed', 'GET', req.url, { cause: new Error(`${platform} has no downloadFile API`) }))
      const onProgress = req.onProgress
      const options = calls.downloadFile.options(req, req.timeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS)
      return callPlatform<DownloadResponse>(
        platform,
        'downloadFile',
        'GET',
        req.url,
        (cb) => download.call(api, { ...options, ...cb }),
        req.signal,
        (res) => calls.downloadFile.read(res),
        (response) => ({ status: response.status }),
        (task) => {
          const progress = calls.downloadFile.progress
          if (onProgress && progress && task.onProgressUpdate) task.onProgressUpdate((p) => onProgress(progress(p)))
        },
      )
    },
    uploadFile(req: UploadRequest) {
      if (typeof req.filePath !== 'string') {
        return Promise.reject(new NetworkError('failed', 'POST', req.url, { cause: new Error('mini programs upload files by path, not bytes') }))
      }
      const options = calls.uploadFile.options(req, req.filePath, req.fileField ?? 'file', req.timeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS)
      return callPlatform(
        platform,
        'uploadFile',
        'POST',
        req.url,
        (cb) => api.uploadFile.call(api, { ...options, ...cb }),
        req.signal,
        (res) => calls.uploadFile.read(res),
        (response) => response,
        (task) => {
          const onProgress = req.onProgress
          const progress = calls.uploadFile.progress
          if (!onProgress || !progress || !task.onProgressUpdate) return
          task.onProgressUpdate((p) => {
            onProgress(progress(p))
          })
        },
      )
    },
  }
}
