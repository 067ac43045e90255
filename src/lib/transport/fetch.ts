import { NetworkError } from '../base/errors'
import { normalizeHeaders } from './headers'
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_UPLOAD_TIMEOUT_MS,
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  type AbortSignalLike,
  type DownloadRequest,
  type DownloadResponse,
  type HttpResponse,
  type Transport,
  type UploadRequest,
} from './types'

/** Options of createFetchTransport. */
export interface FetchTransportOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch
  /** Reads a file path into bytes (Node: `fs.promises.readFile`). Without it, paths are fetched (blob: URLs). */
  readFile?: (path: string) => Promise<Uint8Array>
  /** @default 'fetch' */
  platform?: string
}

type Fetch = typeof fetch

/**
 * An AbortController that fires when the caller's signal does or after `timeoutMs`, and says
 * which; `dispose` stops the timer and the forwarding.
 */
function deadline(timeoutMs: number, signal?: AbortSignalLike) {
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeoutMs)
  const forward = () => controller.abort()
  if (signal?.aborted) controller.abort()
  signal?.addEventListener('abort', forward)
  return {
    signal: controller.signal,
    /** Why a failed fetch failed: the caller aborted, the deadline passed, or the network. */
    failure: (): 'aborted' | 'timeout' | 'failed' => (signal?.aborted ? 'aborted' : timedOut ? 'timeout' : 'failed'),
    dispose() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', forward)
    },
  }
}

async function send(
  doFetch: Fetch,
  method: string,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  signal?: AbortSignalLike,
): Promise<HttpResponse> {
  const limit = deadline(timeoutMs, signal)
  try {
    const res = await doFetch(url, { ...init, method, signal: limit.signal })
    const body = await res.text()
    const headers: Record<string, string> = {}
    res.headers.forEach((v, k) => (headers[k] = v))
    return { status: res.status, headers: normalizeHeaders(headers), body }
  } catch (err) {
    throw new NetworkError(limit.failure(), method, url, { cause: err })
  } finally {
    limit.dispose()
  }
}

/** The bytes stay in memory: the only caller re-uploads them at once, and images are ≤ a few MB. */
async function download(doFetch: Fetch, req: DownloadRequest): Promise<DownloadResponse> {
  if (req.signal?.aborted) throw new NetworkError('aborted', 'GET', req.url)
  const limit = deadline(req.timeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS, req.signal)
  try {
    const res = await doFetch(req.url, { method: 'GET', headers: req.headers, signal: limit.signal })
    const bytes = new Uint8Array(await res.arrayBuffer())
    if (!res.ok) return { status: res.status }
    req.onProgress?.({ loaded: bytes.length, total: bytes.length, percent: 100 })
    return { status: res.status, bytes, contentType: res.headers.get('content-type') ?? undefined }
  } catch (err) {
    throw new NetworkError(limit.failure(), 'GET', req.url, { cause: err })
  } finally {
    limit.dispose()
  }
}

/** The file to upload as a Blob: bytes as they are, a path read by `readFile`, or else fetched (blob: URLs). */
async function fileBlob(doFetch: Fetch, readFile: FetchTransportOptions['readFile'], req: UploadRequest): Promise<Blob> {
  const type = req.fileContentType ?? 'application/octet-stream'
  try {
    if (typeof req.filePath !== 'string') return new Blob([req.filePath as BlobPart], { type })
    if (readFile) return new Blob([(await readFile(req.filePath)) as BlobPart], { type })
    const res = await doFetch(req.filePath)
    return new Blob([await res.arrayBuffer()], { type: req.fileContentType ?? res.headers.get('content-type') ?? type })
  } catch (err) {
    throw new NetworkError('failed', 'READ', typeof req.filePath === 'string' ? req.filePath : '(bytes)', {
      cause: err,
      hint: 'The chosen file could not be read; choose it again.',
    })
  }
}

async function upload(doFetch: Fetch, readFile: FetchTransportOptions['readFile'], req: UploadRequest): Promise<HttpResponse> {
  if (req.signal?.aborted) throw new NetworkError('aborted', 'POST', req.url)
  const blob = await fileBlob(doFetch, readFile, req)
  const form = new FormData()
  // Field order matters to OSS: the file must come last.
  for (const [k, v] of Object.entries(req.formData)) form.append(k, v)
  form.append(req.fileField ?? 'file', blob, req.fileName ?? 'file')
  req.onProgress?.({ loaded: 0, total: blob.size, percent: 0 })
  const res = await send(
    doFetch,
    'POST',
    req.url,
    { headers: req.headers, body: form },
    req.timeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS,
    req.signal,
  )
  req.onProgress?.({ loaded: blob.size, total: blob.size, percent: 100 })
  return res
}

/**
 * A Transport over WHATWG `fetch` + `FormData` (Node ≥ 18, browsers, the CLI, tests).
 * fetch cannot report upload progress, so `onProgress` hears 0 % when the upload starts and
 * 100 % when the server has answered; use the Taro/mini-program adapters where a live bar matters.
 */
export function createFetchTransport(options: FetchTransportOptions = {}): Transport {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  return {
    platform: options.platform ?? 'fetch',
    request: (req) =>
      send(doFetch, req.method, req.url, { headers: req.headers, body: req.body }, req.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, req.signal),
    downloadFile: (req) => download(doFetch, req),
    uploadFile: (req) => upload(doFetch, options.readFile, req),
  }
}
