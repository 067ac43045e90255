/**
 * `viapi-miniprogram-core/transport`: the one interface the core talks HTTP through, for writing
 * a transport of your own; the fetch transport and the abort controller are also in the main entry.
 */
export { createFetchTransport } from './fetch'
export type { FetchTransportOptions } from './fetch'
export { createAbortController } from './abort'
export type { Transport, HttpRequest, HttpResponse, UploadRequest, UploadProgress, DownloadRequest, DownloadResponse } from './types'
export type { AbortSignalLike } from './types'
