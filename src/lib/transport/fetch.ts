import { NetworkError } from '../errors'
import { normalizeHeaders } from './headers'
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_UPLOAD_TIMEOUT_MS,
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  type AbortSignalLike,
  type DownloadResponse,
  type HttpResponse,
  type Transport,
  type UploadRequest,
} from './types'

/**
 * A Transport over WHATWG `fetch` + `FormData` (Node ≥ 18, browsers, the CLI, tests).
 * fetch cannot report upload progress, so `onProgress` hears 0 % when the upload starts and
 * 100 % when the server has answered; use the Taro/mini-program adapters where a live bar matters.
 */
export interface FetchTransportOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch
  /** Reads a file path into bytes (Node: `fs.promises.readFile`). Without it, paths are fetched (blob: URLs). */
  readFile?: (path: string) => Promise<Uint8Array>
  /** @default 'fetch' */
  platform?: string
}

export function createFetchTransport(options: FetchTransportOptions = {}): Transport {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)

  async function send(method: string, url: string, init: RequestInit, timeoutMs: number, signal?: AbortSignalLike): Promise<HttpResponse> {
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeoutMs)
    const forward = () => controller.abort()
    if (signal?.aborted) controller.abort()
    signal?.addEventListener('abort', forward)
    try {
      const res = await doFetch(url, { ...init, method, signal: controller.signal })
      const body = await res.text()
      const headers: Record<string, string> = {}
      res.headers.forEach((v, k) => (headers[k] = v))
      return { status: res.status, headers: normalizeHeaders(headers), body }
    } catch (err) {
      const failure = signal?.aborted ? 'aborted' : timedOut ? 'timeout' : 'failed'
      throw new NetworkError(failure, method, url, { cause: err })
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', forward)
    }
  }

  async function fileBytes(req: UploadRequest): Promise<Blob> {
    const type = req.fileContentType ?? 'application/octet-stream'
    if (typeof req.filePath !== 'string') return new Blob([req.filePath as BlobPart], { type })
    if (options.readFile) return new Blob([(await options.readFile(req.filePath)) as BlobPart], { type })
    const res = await doFetch(req.filePath)
    return new Blob([await res.arrayBuffer()], { type: req.fileContentType ?? res.headers.get('content-type') ?? type })
  }

  return {
    platform: options.platform ?? 'fetch',
    request(req) {
      return send(req.method, req.url, { headers: req.headers, body: req.body }, req.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, req.signal)
    },
    async downloadFile(req): Promise<DownloadResponse> {
      // The bytes stay in memory: the only caller re-uploads them at once, and images are ≤ a few MB.
      if (req.signal?.aborted) throw new NetworkError('aborted', 'GET', req.url)
      const controller = new AbortController()
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        controller.abort()
      }, req.timeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS)
      const forward = () => controller.abort()
      req.signal?.addEventListener('abort', forward)
      try {
        const res = await doFetch(req.url, { method: 'GET', headers: req.headers, signal: controller.signal })
        const bytes = new Uint8Array(await res.arrayBuffer())
        if (!res.ok) return { status: res.status }
        req.onProgress?.({ loaded: bytes.length, total: bytes.length, percent: 100 })
        return { status: res.status, bytes, contentType: res.headers.get('content-type') ?? undefined }
      } catch (err) {
        throw new NetworkError(req.signal?.aborted ? 'aborted' : timedOut ? 'timeout' : 'failed', 'GET', req.url, { cause: err })
      } finally {
        clearTimeout(timer)
        req.signal?.removeEventListener('abort', forward)
      }
    },
    async uploadFile(req) {
      if (req.signal?.aborted) throw new NetworkError('aborted', 'POST', req.url)
      let blob: Blob
      try {
        blob = await fileBytes(req)
      } catch (err) {
        throw new NetworkError('failed', 'READ', typeof req.filePath === 'string' ? req.filePath : '(bytes)', { cause: err, hint: 'The chosen file could not be read; choose it again.' })
      }
      const form = new FormData()
      // Field order matters to OSS: the file must come last.
      for (const [k, v] of Object.entries(req.formData)) form.append(k, v)
      form.append(req.fileField ?? 'file', blob, req.fileName ?? 'file')
      req.onProgress?.({ loaded: 0, total: blob.size, percent: 0 })
      const res = await send('POST', req.url, { headers: req.headers, body: form }, req.timeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS, req.signal)
      req.onProgress?.({ loaded: blob.size, total: blob.size, percent: 100 })
      return res
    },
  }
}
