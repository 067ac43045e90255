import { KitError, NetworkError } from '../base/errors'
import { textOf } from '../base/text'
import { ALIPAY_HTTP_ERROR } from './alipay-family'
import { errMsgKind } from './errmsg-kind'
import { isRefusal, refusal } from './failure'
import type { PlatformProfile } from './profile'
import { onAbort } from '../transport/abort'
import { bodyToText, normalizeHeaders, normalizeProgress } from '../transport/headers'
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
} from '../transport/types'

/** A Taro request/upload/download task: a promise plus abort and progress. */
type TaroTask<T> = Promise<T> & {
  abort?: () => void
  onProgressUpdate?: (cb: (p: { progress?: number; totalBytesSent?: number; totalBytesExpectedToSend?: number }) => void) => void
  progress?: (cb: (p: { progress?: number; totalBytesSent?: number; totalBytesExpectedToSend?: number }) => void) => void
}

/** The slice of Taro this adapter uses. */
export interface TaroLike {
  request(options: Record<string, unknown>): TaroTask<Record<string, unknown>>
  uploadFile(options: Record<string, unknown>): TaroTask<Record<string, unknown>>
  /** `{tempFilePath, statusCode}` (alipay/dd through Taro may still say `apFilePath`/`filePath`). */
  downloadFile?(options: Record<string, unknown>): TaroTask<Record<string, unknown>>
}

function toResponse(res: Record<string, unknown>): HttpResponse {
  return {
    status: Number(res.statusCode ?? res.status) || 0,
    headers: normalizeHeaders(res.header ?? res.headers),
    body: bodyToText(res.data),
  }
}

/**
 * A rejection as an HTTP answer (my/dd error 19 carries the response), a PlatformError (host not on
 * the allow-list) or a NetworkError. On mini programs the platform's own failure shape is read by
 * its profile's classifier (error numbers mean different things per API); on H5 (no profile) Taro
 * rejects with `{errMsg}` like WeChat, and only abort and timeout need telling apart.
 */
function toFailure(err: unknown, profile: PlatformProfile | undefined, api: string, method: string, url: string): HttpResponse | KitError {
  const e = (err ?? {}) as Record<string, unknown>
  const status = Number(e.statusCode ?? e.status)
  if (status > 0 && ('data' in e || e.error === ALIPAY_HTTP_ERROR)) return toResponse(e)
  const failure = e.errMsg === undefined && e.errorMessage === undefined && e.message !== undefined ? { errMsg: textOf(e.message) } : e
  const kind = profile ? profile.classify(api, failure) : errMsgKind(textOf(failure.errMsg))
  if (isRefusal(kind) && profile) return refusal(profile, api, e, url)
  return new NetworkError(kind === 'aborted' ? 'aborted' : kind === 'timeout' ? 'timeout' : 'failed', method, url, { cause: err })
}

type Task = TaroTask<Record<string, unknown>>

const isAlipayFamily = (profile: PlatformProfile | undefined) => profile?.name === 'alipay' || profile?.name === 'dd'

/** Passes the task's progress events to `onProgress` (`onProgressUpdate` on most hosts, `progress` on some). */
function followProgress(task: Task, onProgress: UploadRequest['onProgress']): void {
  const subscribe = task.onProgressUpdate ?? task.progress
  if (!onProgress || !subscribe) return
  subscribe.call(task, (p) => {
    onProgress(normalizeProgress(p))
  })
}

/** A rejected task: thrown as a typed error, or returned when it is an HTTP answer (see `toFailure`). */
function answerOrThrow(
  err: unknown,
  profile: PlatformProfile | undefined,
  api: string,
  method: string,
  url: string,
  signal: HttpRequest['signal'],
): HttpResponse {
  if (signal?.aborted) throw new NetworkError('aborted', method, url, { cause: err })
  const outcome = toFailure(err, profile, api, method, url)
  if (outcome instanceof KitError) throw outcome
  return outcome
}

/** The task's answer; aborting the signal aborts the task. */
async function settle(
  profile: PlatformProfile | undefined,
  api: string,
  method: string,
  url: string,
  task: Task,
  signal: HttpRequest['signal'],
): Promise<HttpResponse> {
  const unsubscribe = onAbort(signal, () => task.abort?.())
  try {
    return toResponse(await task)
  } catch (err) {
    return answerOrThrow(err, profile, api, method, url, signal)
  } finally {
    unsubscribe()
  }
}

/** The file path a finished download names (alipay/dd through Taro may still say `apFilePath`/`filePath`). */
function downloaded(res: Record<string, unknown>): DownloadResponse {
  const status = Number(res.statusCode ?? res.status ?? 200) || 0
  const path = res.tempFilePath ?? res.filePath ?? res.apFilePath
  const filePath = typeof path === 'string' ? path : ''
  return status >= 200 && status < 300 && filePath ? { status, filePath } : { status }
}

async function download(taro: TaroLike, profile: PlatformProfile | undefined, req: DownloadRequest): Promise<DownloadResponse> {
  if (!taro.downloadFile)
    throw new NetworkError('failed', 'GET', req.url, { cause: new Error(`Taro on ${profile?.name ?? 'h5'} has no downloadFile`) })
  if (req.signal?.aborted) throw new NetworkError('aborted', 'GET', req.url)
  const task = taro.downloadFile({ url: req.url, header: req.headers ?? {}, timeout: req.timeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS })
  followProgress(task, req.onProgress)
  const unsubscribe = onAbort(req.signal, () => task.abort?.())
  try {
    return downloaded(await task)
  } catch (err) {
    return { status: answerOrThrow(err, profile, 'downloadFile', 'GET', req.url, req.signal).status }
  } finally {
    unsubscribe()
  }
}

/** `Taro.uploadFile`'s options for one PostObject, with the per-platform fixes described on createTaroTransport. */
function uploadOptions(req: UploadRequest, profile: PlatformProfile | undefined): Record<string, unknown> {
  const alipayFamily = isAlipayFamily(profile)
  return {
    url: req.url,
    filePath: req.filePath,
    name: req.fileField ?? 'file',
    formData: req.formData,
    header: req.headers ?? {},
    timeout: req.timeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS,
    // H5: Taro's XHR upload sends cookies by default, which cross-origin uploads (OSS CORS) refuse.
    withCredentials: false,
    // H5: the multipart filename; alipay/dd: Taro's `name → fileName` plus the type it forgets.
    ...(req.fileName && !alipayFamily ? { fileName: req.fileName } : {}),
    ...(alipayFamily ? { fileType: 'image' } : {}),
  }
}

/**
 * A Transport over `Taro.request` / `Taro.uploadFile`: the H5 build uses it (no `profile`); a mini
 * program may too, passing its platform's profile (`wechatPlatform`, `alipayPlatform`,
 * `dingtalkPlatform`) so failures are read as that platform documents them and a build links only
 * that profile. Taro already renames most fields per platform, but on alipay/dd its `uploadFile`
 * sets `fileName` and never the required `fileType`, so we pass `fileType: 'image'` ourselves, and
 * an HTTP ≥ 400 on alipay/dd arrives as a rejection carrying `status`/`data` (error 19). On H5 its
 * upload sends cookies unless told not to, and OSS's CORS answer rejects credentialed uploads.
 * Taro is passed in (not imported) so `src/lib` stays free of `@tarojs/*`.
 */
export function createTaroTransport(taro: TaroLike, profile?: PlatformProfile): Transport {
  const platform = profile?.name ?? 'h5'
  return {
    platform,
    async request(req: HttpRequest) {
      if (req.signal?.aborted) throw new NetworkError('aborted', req.method, req.url)
      const task = taro.request({
        url: req.url,
        method: req.method,
        header: req.headers ?? {},
        data: req.body,
        timeout: req.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
        dataType: 'text',
        responseType: 'text',
      })
      return settle(profile, 'request', req.method, req.url, task, req.signal)
    },
    downloadFile: (req: DownloadRequest) => download(taro, profile, req),
    async uploadFile(req: UploadRequest) {
      if (req.signal?.aborted) throw new NetworkError('aborted', 'POST', req.url)
      const task = taro.uploadFile(uploadOptions(req, profile))
      followProgress(task, req.onProgress)
      return settle(profile, 'uploadFile', 'POST', req.url, task, req.signal)
    },
  }
}
