import { textOf } from '../base/text'

/** Lower-cases header names and joins array values; platforms disagree on both. */
export function normalizeHeaders(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!raw || typeof raw !== 'object') return out
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (v === undefined || v === null) continue
    out[k.toLowerCase()] = Array.isArray(v) ? v.map(textOf).join(', ') : textOf(v)
  }
  return out
}

/** Some platforms hand back a parsed object even when asked for text; turn it back into text. */
export function bodyToText(data: unknown): string {
  if (data === undefined || data === null) return ''
  if (typeof data === 'string') return data
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(data))
  return JSON.stringify(data)
}

/**
 * A platform progress event as `{loaded, total, percent}`: uploads report `totalBytesSent` /
 * `totalBytesExpectedToSend`, downloads (and Alipay/DingTalk uploads) `totalBytesWritten` /
 * `totalBytesExpectedToWrite`; `progress` (0…100) wins when given.
 */
export function normalizeProgress(p: Record<string, unknown>): { loaded: number; total: number; percent: number } {
  const total = Number(p.totalBytesExpectedToSend ?? p.totalBytesExpectedToWrite ?? 0)
  const loaded = Number(p.totalBytesSent ?? p.totalBytesWritten ?? 0)
  const percent = Number(p.progress ?? (total ? (loaded / total) * 100 : 0))
  return { loaded, total, percent: Math.max(0, Math.min(100, Number.isFinite(percent) ? percent : 0)) }
}
