import { createHash } from 'node:crypto'

export type Platform = 'weapp' | 'alipay' | 'dd' | 'h5'
export const PLATFORMS: readonly Platform[] = ['weapp', 'alipay', 'dd', 'h5']

// Per-platform namespace: the same raw id on two platforms is two different people.
const PREFIX: Record<Platform, string> = { weapp: 'wx', alipay: 'ali', dd: 'dd', h5: 'h5' }

export const USER_ID_MAX = 32
const SAFE = /^[A-Za-z0-9_-]+$/

/**
 * Derives our user id from a provider's id. The result goes into OSS object keys and the STS
 * RoleSessionName, so it is limited to `[A-Za-z0-9_-]` and 32 chars. Ids that already fit are kept
 * readable (`wx_<openid>`); anything else is hashed. Hashed ids use `-` after the prefix and
 * readable ones `_`, so a raw id can never collide with a hash.
 */
export function deriveUserId(platform: Platform, providerId: string): string {
  if (providerId.length === 0) throw new Error('empty provider user id')
  const prefix = PREFIX[platform]
  const readable = `${prefix}_${providerId}`
  if (SAFE.test(providerId) && readable.length <= USER_ID_MAX) return readable
  const digest = createHash('sha256').update(`${platform}\0${providerId}`).digest('base64url')
  return `${prefix}-${digest.slice(0, USER_ID_MAX - prefix.length - 1)}`
}
