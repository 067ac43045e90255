import { NetworkError, PlatformError, type NetworkFailure } from '../base/errors'
import { ALIPAY_HTTP_ERROR } from './alipay-family'
import { failureDetail, isRefusal, refusal } from './failure'
import type { MiniProgramPlatform, PlatformProfile } from './profile'
import { responseFrom, toStatus } from './readers'
import { onAbort } from '../transport/abort'
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
} from '../transport/types'

export type { MiniProgramPlatform }

type Callback = (res: Record<string, unknown>) => void
interface Task {
  abort?: () => void
  onProgressUpdate?: (cb: (p: Record<string, unknown>) => void) => void
}
type Api = (options: Record<string, unknown>) => Task | undefined

/** The slice of `wx` / `my` / `dd` this adapter uses. */
export interface MiniProgramGlobal {
  request?: Api
  httpRequest?: Api
  uploadFile: Api
  /** wx `{tempFilePath, statusCode}`; my `{apFilePath}`; dd `{filePath}` (older dd: `apFilePath`). */
  downloadFile?: Api
}

/**
 * Turns a platform's `fail` payload into an HTTP response (my/dd error 19), a PlatformError (the
 * host is not on the console's allow-list: retrying cannot help) or a NetworkError.
 */
function failureOf(
  profile: PlatformProfile,
  api: string,
  method: string,
  url: string,
  res: Record<string, unknown>,
): HttpResponse | PlatformError | NetworkError {
  const status = toStatus(res.status || res.statusCode)
  if (profile.httpErrorsInFail && res.error === ALIPAY_HTTP_ERROR && status > 0)
    return responseFrom(status, res.headers || res.header, res.data)
  const kind = profile.classify(api, res)
  if (isRefusal(kind)) return refusal(profile, api, res, url)
  const failure: NetworkFailure = kind === 'aborted' ? 'aborted' : kind === 'timeout' ? 'timeout' : 'failed'
  return new NetworkError(failure, method, url, { cause: new Error(`${profile.name}: ${failureDetail(res)}`) })
}

/** One transport call: which API on the global, and how its answers become a result. */
interface Call<T> {
  api: string
  fn: Api | undefined
  method: string
  url: string
  options: object
  signal: HttpRequest['signal']
  /** A `success` payload as the result. */
  answer(res: Record<string, unknown>): T
  /** An HTTP response my/dd reported through `fail` (error 19, HTTP ≥ 400) as the result. */
  httpAnswer(response: HttpResponse): T
  onProgress?: (p: UploadProgress) => void
  progress?: (p: Record<string, unknown>) => UploadProgress
  /** The call's timeout: our own timer runs it where the platform documents no `timeout` option (profile.ownTimeout). */
  timeoutMs?: number
}

/** One callback-style platform call as a promise, with abort and progress. */
function callPlatform<T>(api: MiniProgramGlobal, profile: PlatformProfile, call: Call<T>): Promise<T> {
  const { fn, method, url, signal } = call
  return new Promise((resolve, reject) => {
    if (!fn) return reject(new NetworkError('failed', method, url, { cause: new Error(`${profile.name} has no ${call.api} API`) }))
    if (signal && signal.aborted) return reject(new NetworkError('aborted', method, url))
    let settled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const settle = (then: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      unsubscribe()
      then()
    }
    const success: Callback = (res) => settle(() => resolve(call.answer(res)))
    const fail: Callback = (res) => {
      const outcome = failureOf(profile, call.api, method, url, res || {})
      settle(() => (outcome instanceof Error ? reject(outcome) : resolve(call.httpAnswer(outcome))))
    }
    const task = fn.call(api, { ...call.options, success, fail })
    const unsubscribe = onAbort(signal, () => {
      if (task && task.abort) task.abort()
      settle(() => reject(new NetworkError('aborted', method, url)))
    })
    const { onProgress, progress } = call
    if (onProgress && progress && task && task.onProgressUpdate) task.onProgressUpdate((p) => onProgress(progress(p)))
    // Our own timer (upload and download both default to 60 s); a late answer finds the call settled.
    const own = profile.ownTimeout
    if (own && own.indexOf(call.api as 'uploadFile') >= 0) {
      timer = setTimeout(() => settle(() => reject(new NetworkError('timeout', method, url))), call.timeoutMs || DEFAULT_UPLOAD_TIMEOUT_MS)
    }
  })
}

/**
 * A Transport over a raw mini-program global: `wx` (WeChat), `my` (Alipay) or `dd` (DingTalk),
 * described by its platform profile (platform/wechat.ts, alipay.ts, dingtalk.ts), where every
 * difference between the three lives:
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
export function createMiniProgramTransport(api: MiniProgramGlobal, profile: PlatformProfile): Transport {
  const calls = profile.transport
  const requestApi = profile.requestApis.find((name) => api[name]) || profile.requestApis[0]
  const same = (response: HttpResponse) => response
  return {
    platform: profile.name,
    uploadProgress: profile.uploadProgress,
    request: (req: HttpRequest) =>
      callPlatform(api, profile, {
        api: requestApi,
        fn: api[requestApi],
        method: req.method,
        url: req.url,
        signal: req.signal,
        options: calls.request.options(req, req.timeoutMs || DEFAULT_REQUEST_TIMEOUT_MS),
        answer: calls.request.read,
        httpAnswer: same,
      }),
    downloadFile: (req: DownloadRequest) =>
      callPlatform<DownloadResponse>(api, profile, {
        api: 'downloadFile',
        fn: api.downloadFile,
        method: 'GET',
        url: req.url,
        signal: req.signal,
        timeoutMs: req.timeoutMs,
        options: calls.downloadFile.options(req, req.timeoutMs || DEFAULT_DOWNLOAD_TIMEOUT_MS),
        answer: calls.downloadFile.read,
        httpAnswer: (response) => ({ status: response.status }),
        onProgress: req.onProgress,
        progress: calls.downloadFile.progress,
      }),
    uploadFile(req) {
      if (typeof req.filePath !== 'string') {
        return Promise.reject(
          new NetworkError('failed', 'POST', req.url, { cause: new Error('mini programs upload files by path, not bytes') }),
        )
      }
      return callPlatform(api, profile, {
        api: 'uploadFile',
        fn: api.uploadFile,
        method: 'POST',
        url: req.url,
        signal: req.signal,
        timeoutMs: req.timeoutMs,
        options: calls.uploadFile.options(req, req.filePath, req.fileField || 'file', req.timeoutMs || DEFAULT_UPLOAD_TIMEOUT_MS),
        answer: calls.uploadFile.read,
        httpAnswer: same,
        onProgress: req.onProgress,
        progress: calls.uploadFile.progress,
      })
    },
  }
}
