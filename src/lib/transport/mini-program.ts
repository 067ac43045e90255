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

function responseOf(res: Record<string, unknown>): HttpResponse {
  return {
    status: toStatus(res.statusCode ?? res.status),
    headers: normalizeHeaders(res.header ?? res.headers),
    body: bodyToText(res.data),
  }
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
 * The file-field options of uploadFile per platform (https://developers.weixin.qq.com/miniprogram/dev/api/network/upload/wx.uploadFile.html,
 * https://opendocs.alipay.com/mini/api/kmq4hc, https://open.dingtalk.com/document/development/jsapi-upload-file).
 */
const UPLOAD_FIELDS: Record<MiniProgramPlatform, (field: string) => Record<string, unknown>> = {
  weapp: (field) => ({ name: field }),
  alipay: (field) => ({ name: field, fileName: field, fileType: 'image', hideLoading: true }),
  dd: (field) => ({ fileName: field, fileType: 'image' }),
}

export function createMiniProgramTransport(api: MiniProgramGlobal, platform: MiniProgramPlatform): Transport {
  const isWx = platform === 'weapp'
  const run = (
    apiName: string,
    method: string,
    url: string,
    start: (callbacks: { success: Callback; fail: Callback }) => Task | undefined,
    signal: HttpRequest['signal'],
    onTask?: (task: Task) => void,
  ) => callPlatform(platform, apiName, method, url, start, signal, responseOf, (response) => response, onTask)

  return {
    platform,
    // https://open.dingtalk.com/document/development/jsapi-upload-file documents no UploadTask.
    uploadProgress: platform !== 'dd',
    request(req: HttpRequest) {
      const timeout = req.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
      // DingTalk documents `dd.httpRequest` for mini programs (Alipay's my.request page says DingTalk
      // does not support `request`): https://open.dingtalk.com/document/development/jsapi-http-request
      const call = isWx ? api.request : platform === 'dd' ? (api.httpRequest ?? api.request) : (api.request ?? api.httpRequest)
      if (!call) return Promise.reject(new NetworkError('failed', req.method, req.url, { cause: new Error(`${platform} has no request API`) }))
      return run(isWx || call === api.request ? 'request' : 'httpRequest', req.method, req.url, (cb) =>
        call.call(api, {
          url: req.url,
          method: req.method,
          data: req.body,
          timeout,
          // Raw text: our callers parse JSON themselves and OSS answers XML.
          dataType: 'text',
          responseType: 'text',
          ...(isWx ? { header: req.headers ?? {} } : { headers: req.headers ?? {} }),
          ...cb,
        }),
        req.signal,
      )
    },
    downloadFile(req: DownloadRequest) {
      return downloadWith(api, platform, req)
    },
    uploadFile(req: UploadRequest) {
      if (typeof req.filePath !== 'string') {
        return Promise.reject(new NetworkError('failed', 'POST', req.url, { cause: new Error('mini programs upload files by path, not bytes') }))
      }
      const filePath = req.filePath
      const field = req.fileField ?? 'file'
      return run(
        'uploadFile',
        'POST',
        req.url,
        (cb) =>
          api.uploadFile.call(api, {
            url: req.url,
            filePath,
            formData: req.formData,
            header: req.headers ?? {},
            timeout: req.timeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS,
            ...UPLOAD_FIELDS[platform](field),
            ...cb,
          }),
        req.signal,
        (task) => {
          const onProgress = req.onProgress
          if (!onProgress || !task.onProgressUpdate) return
          task.onProgressUpdate((p) => {
            onProgress(normalizeProgress(p))
          })
        },
      )
    },
  }
}

/**
 * `downloadFile` per platform: wx answers `{tempFilePath, statusCode}` for every status; my answers
 * `{apFilePath}` (no status: success means the server said 2xx); dd `{filePath}` on newer base
 * libraries, `apFilePath` on older ones. Progress: wx/my `totalBytesWritten`/`totalBytesExpectedToWrite`.
 */
function downloadWith(api: MiniProgramGlobal, platform: MiniProgramPlatform, req: DownloadRequest): Promise<DownloadResponse> {
  const download = api.downloadFile
  if (!download) return Promise.reject(new NetworkError('failed', 'GET', req.url, { cause: new Error(`${platform} has no downloadFile API`) }))
  const onProgress = req.onProgress
  return callPlatform<DownloadResponse>(
    platform,
    'downloadFile',
    'GET',
    req.url,
    (cb) => download.call(api, { url: req.url, header: req.headers ?? {}, timeout: req.timeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS, ...cb }),
    req.signal,
    (res) => {
      const status = toStatus(res.statusCode ?? res.status ?? 200)
      const filePath = String(res.tempFilePath ?? res.filePath ?? res.apFilePath ?? '')
      const ok = status >= 200 && status < 300
      return ok && filePath ? { status, filePath } : { status: ok ? 0 : status }
    },
    (response) => ({ status: response.status }),
    (task) => {
      if (onProgress && task.onProgressUpdate) task.onProgressUpdate((p) => onProgress(normalizeProgress(p)))
    },
  )
}
