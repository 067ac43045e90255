import { bodyToText, normalizeHeaders, normalizeProgress } from '../transport/headers'
import type { DownloadResponse, HttpResponse, UploadProgress } from '../transport/types'
import type { PickedPhoto } from './profile'

/**
 * Small readers the platform tables share: the three platforms disagree on field names, not on
 * what a status, a file or an image size is.
 */

/** A status that may arrive as a number or a string (my/dd uploadFile). */
export function toStatus(raw: unknown): number {
  const status = Number(raw)
  return Number.isFinite(status) ? status : 0
}

/** An HTTP answer from the platform's status, header and body fields (platforms disagree on all three). */
export function responseFrom(status: unknown, headers: unknown, data: unknown): HttpResponse {
  return { status: toStatus(status), headers: normalizeHeaders(headers), body: bodyToText(data) }
}

/** A downloadFile answer: the status (none on my/dd: success means 2xx) and the local file, kept only on 2xx. */
export function downloaded(rawStatus: unknown, path: unknown): DownloadResponse {
  const status = toStatus(rawStatus ?? 200)
  const filePath = typeof path === 'string' ? path : ''
  const ok = status >= 200 && status < 300
  return ok && filePath ? { status, filePath } : { status: ok ? 0 : status }
}

/** A progress event from its three numbers (`progress` 0…100 wins when given). */
export function progressOf(progress: unknown, loaded: unknown, total: unknown): UploadProgress {
  return normalizeProgress({ progress, totalBytesSent: loaded, totalBytesExpectedToSend: total })
}

/** A pick as a PickedPhoto; the type word only where it says more than `image` (dd `fileType`). */
export function picked(path: unknown, size: unknown, fileType?: unknown): PickedPhoto | undefined {
  if (typeof path !== 'string' || !path) return undefined
  return {
    path,
    size: typeof size === 'number' ? size : undefined,
    typeHint: typeof fileType === 'string' && fileType !== 'image' ? fileType : undefined,
  }
}

/** `getImageInfo`'s `type` words (wx `jpeg|png|gif|tiff|unknown`; my `jpg|png|gif|webp|bmp|heic|hevc`). */
const TYPE_WORDS: Record<string, string> = {
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
  tiff: 'image/tiff',
  heic: 'image/heic',
  hevc: 'image/heic',
}

/** An image type word (`jpeg`, `jpg`, `PNG`, `image/png`) as a MIME type, when known. */
export function contentTypeOfWord(word: unknown): string | undefined {
  if (typeof word !== 'string') return undefined
  return TYPE_WORDS[word.toLowerCase().replace(/^image\//, '')]
}

/** `getImageInfo`'s three fields as numbers and a MIME type. */
export function imageInfo(width: unknown, height: unknown, type: unknown): { width: number; height: number; contentType?: string } {
  return { width: Number(width), height: Number(height), contentType: contentTypeOfWord(type) }
}

/** `list('album', 'camera')`: an options list that keeps its literal words (`Array<'album' | 'camera'>`), so the typings check sees them. */
export const list = <T extends string>(...items: T[]): T[] => items

/** 0…100 as Alipay/DingTalk `compressLevel`: 0 low, 1 medium, 2 high quality (3 none, 4 by network, the default). */
export const compressLevelOf = (quality: number) => (quality >= 80 ? 2 : quality >= 60 ? 1 : 0)

/**
 * Calls wx and my document alike, shared by their tables (each table is still checked against its
 * own platform's typings). `getImageInfo({src})` → `{width, height, type}`; my's `type` is a word
 * per the doc while its typings say number (an exception in the check).
 */
export const IMAGE_INFO_CALL = {
  options: (path: string) => ({ src: path }),
  read: (res: { width?: number; height?: number; type?: string }) => imageInfo(res.width, res.height, res.type),
}
export const SAVE_TO_ALBUM_CALL = { options: (filePath: string) => ({ filePath }) }
export const OPEN_SETTING_CALL = { options: () => ({}) }
/** Download progress on wx and my (and my's upload progress): bytes written so far. */
export const writtenProgress = (p: { progress?: number; totalBytesWritten?: number; totalBytesExpectedToWrite?: number }) =>
  progressOf(p.progress, p.totalBytesWritten, p.totalBytesExpectedToWrite)
