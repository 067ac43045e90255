import { KitError, NetworkError } from '../errors'
import { classifyFailure, platformError, type MiniProgramPlatform } from '../platform/failure'
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
 * A Transport over `Taro.request` / `Taro.uploadFile` (the H5 build uses this; mini programs may
 * too). Taro already renames most fields per platform, but on alipay/dd its `uploadFile` sets
 * `fileName` and never the required `fileType`, so we pass `fileType: 'image'` ourselves, and an
 * HTTP ≥ 400 on alipay/dd arrives as a rejection carrying `status`/`data` (error 19). On H5 its
 * upload sends cookies unless told not to, and OSS's CORS answer rejects credentialed uploads.
 * Taro is passed in (not imported) so `src/lib` stays free of `@tarojs/*`.
 */
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
 * the one classifier in platform/failure.ts (error numbers mean different things per API); on H5
 * Taro rejects with `{errMsg}` like WeChat.
 */
function toFailure(err: unknown, platform: string, api: string, method: string, url: string): HttpResponse | KitError {
  const e = (err ?? {}) as Record<string, unknown>
  const status = Number(e.statusCode ?? e.status)
  if (status > 0 && ('data' in e || e.error === 19)) return toResponse(e)
  const mp: MiniProgramPlatform = platform === 'alipay' || platform === 'dd' ? platform : 'weapp'
  const kind = classifyFailure(mp, api, e.errMsg === undefined && e.errorMessage === undefined && e.message !== undefined ? { errMsg: String(e.message) } : e)
  if (kind === 'domain-not-allowed' && platform !== 'h5') return platformError(mp, api, e, url)
  const failure = kind === 'aborted' ? 'aborted' : kind === 'timeout' ? 'timeout' : 'failed'
  return new NetworkError(failure, method, url, { cause: err })
}

export function createTaroTransport(taro: TaroLike, platform: string): Transport {
  const isAlipayFamily = platform === 'alipay' || platform === 'dd'

  async function settle(api: string, method: string, url: string, task: TaroTask<Record<string, unknown>>, signal: HttpRequest['signal']): Promise<HttpResponse> {
    const unsubscribe = onAbort(signal, () => task.abort?.())
    try {
      return toResponse(await task)
    } catch (err) {
      if (signal?.aborted) throw new NetworkError('aborted', method, url, { cause: err })
      const outcome = toFailure(err, platform, api, method, url)
      if (outcome instanceof KitError) throw outcome
      return outcome
    } finally {
      unsubscribe()
    }
  }

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
      return settle('request', req.method, req.url, task, req.signal)
    },
    async downloadFile(req: DownloadRequest): Promise<DownloadResponse> {
      if (!taro.downloadFile) throw new NetworkError('failed', 'GET', req.url, { cause: new Error(`Taro on ${platform} has no downloadFile`) })
      if (req.signal?.aborted) throw new NetworkError('aborted', 'GET', req.url)
      const task = taro.downloadFile({ url: req.url, header: req.headers ?? {}, timeout: req.timeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS })
      const subscribe = task.onProgressUpdate ?? task.progress
      if (req.onProgress && subscribe) {
        const onProgress = req.onProgress
        subscribe.call(task, (p: Record<string, number | undefined>) => {
          onProgress(normalizeProgress(p))
        })
      }
      const unsubscribe = onAbort(req.signal, () => task.abort?.())
      try {
        const res = await task
        const status = Number(res.statusCode ?? res.status ?? 200) || 0
        const filePath = String(res.tempFilePath ?? res.filePath ?? res.apFilePath ?? '')
        return status >= 200 && status < 300 && filePath ? { status, filePath } : { status }
      } catch (err) {
        if (req.signal?.aborted) throw new NetworkError('aborted', 'GET', req.url, { cause: err })
        const outcome = toFailure(err, platform, 'downloadFile', 'GET', req.url)
        if (outcome instanceof KitError) throw outcome
        return { status: outcome.status }
      } finally {
        unsubscribe()
      }
    },
    async uploadFile(req: UploadRequest) {
      if (req.signal?.aborted) throw new NetworkError('aborted', 'POST', req.url)
      const task = taro.uploadFile({
        url: req.url,
        filePath: req.filePath,
        name: req.fileField ?? 'file',
        formData: req.formData,
        header: req.headers ?? {},
        timeout: req.timeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS,
        // H5: Taro's XHR upload sends cookies by default, which cross-origin uploads (OSS CORS) refuse.
        withCredentials: false,
        // H5: the multipart filename; alipay/dd: Taro's `name → fileName` plus the type it forgets.
        ...(req.fileName && !isAlipayFamily ? { fileName: req.fileName } : {}),
        ...(isAlipayFamily ? { fileType: 'image' } : {}),
      })
      const subscribe = task.onProgressUpdate ?? task.progress
      if (req.onProgress && subscribe) {
        const onProgress = req.onProgress
        subscribe.call(task, (p) => {
          onProgress(normalizeProgress(p))
        })
      }
      return settle('uploadFile', 'POST', req.url, task, req.signal)
    },
  }
}
