/**
 * The one interface the rest of the core talks to. Each platform (wx, my, dd, Taro, fetch) is an
 * adapter that turns its own API into these plain shapes, so platform quirks live only in the
 * adapters (`src/lib/platform/` for wx/my/dd and Taro, `fetch.ts` here).
 */
import type { AbortSignalLike } from '../base/abort-signal'

export type { AbortSignalLike }

export interface HttpRequest {
  url: string
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD'
  /** Header names as given; adapters send them unchanged. */
  headers?: Record<string, string>
  /** A string body (JSON or form-encoded); the caller sets `content-type`. */
  body?: string
  /** @default 30000 */
  timeoutMs?: number
  signal?: AbortSignalLike
}

/** Every adapter answers with this: numeric status, lower-cased header names, raw text body. */
export interface HttpResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export interface UploadProgress {
  loaded: number
  total: number
  /** 0…100 */
  percent: number
}

/** A multipart/form-data POST of fields + one file, which is exactly OSS PostObject. */
export interface UploadRequest {
  url: string
  /**
   * The file: a local path in mini programs (`wxfile://…`, `https://tmp/…`), a `blob:` URL or path
   * in H5, a filesystem path in Node (needs `readFile`), or the bytes themselves.
   */
  filePath: string | Uint8Array
  /** The form field the file goes in. @default 'file' */
  fileField?: string
  /** Shown to the server as the part's filename; never the user's own file name. */
  fileName?: string
  /** The part's Content-Type where the platform lets us set it. */
  fileContentType?: string
  /** Text fields, sent before the file (OSS ignores fields after the file). */
  formData: Record<string, string>
  headers?: Record<string, string>
  /** @default 60000 */
  timeoutMs?: number
  onProgress?: (progress: UploadProgress) => void
  signal?: AbortSignalLike
}

/** A GET of a remote file into a local temp file (mini programs) or into memory (fetch). */
export interface DownloadRequest {
  url: string
  headers?: Record<string, string>
  /** @default 60000 */
  timeoutMs?: number
  /** `percent` of the download, where the platform reports it. */
  onProgress?: (progress: UploadProgress) => void
  signal?: AbortSignalLike
}

/** Mini programs answer with a temp `filePath`; fetch answers with the `bytes`. Exactly one is set on 2xx. */
export interface DownloadResponse {
  status: number
  filePath?: string
  bytes?: Uint8Array
  /** The `content-type` the server sent, when the platform reports it. */
  contentType?: string
}

export interface Transport {
  /** Which platform this adapter drives; errors and logs say it. */
  readonly platform: string
  /**
   * False when the platform reports no upload progress and cannot stop an upload it started
   * (DingTalk's `dd.uploadFile` documents no UploadTask): the app shows an indeterminate state,
   * and a cancel only discards the result. @default true
   */
  readonly uploadProgress?: boolean
  request(req: HttpRequest): Promise<HttpResponse>
  uploadFile(req: UploadRequest): Promise<HttpResponse>
  /** Optional: only the image-from-URL flow needs it. */
  downloadFile?(req: DownloadRequest): Promise<DownloadResponse>
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000
export const DEFAULT_UPLOAD_TIMEOUT_MS = 60_000
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 60_000
