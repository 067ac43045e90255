import { randomHex, type RandomHex } from '../base/random'

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
  'image/webp': 'webp',
}

/**
 * A key under the allowed prefix that never collides and never carries the user's file name
 * (which may hold CJK, spaces or personal data the vision APIs and URLs choke on):
 * `<prefix>20261123/<ms-hex>-<16 hex>.jpg`.
 */
export function makeObjectKey(keyPrefix: string, contentType: string, nowMs: number, random: RandomHex = randomHex): string {
  const prefix = keyPrefix === '' || keyPrefix.endsWith('/') ? keyPrefix : keyPrefix + '/'
  const day = new Date(nowMs).toISOString().slice(0, 10).replace(/-/g, '')
  const ext = EXTENSIONS[contentType.toLowerCase()] ?? 'bin'
  return `${prefix}${day}/${nowMs.toString(16)}-${random(16)}.${ext}`
}

/** The URL of an object: each path segment encoded, slashes kept. */
export function objectUrl(host: string, key: string): string {
  return `${host.replace(/\/+$/, '')}/${key.split('/').map(encodeURIComponent).join('/')}`
}
