import { RedisStore } from './redis-store'
import type { RedisStoreOptions } from './redis-store'
import type { SharedStore } from './types'

export type { SharedStore } from './types'
export { StoreUnavailableError } from './errors'
export type { StoreHealth } from './redis-health'
export { MemoryStore } from './memory-store'
export { RedisStore } from './redis-store'
export type { RedisStoreOptions } from './redis-store'
export { SharedReplayClaims } from './replay-claims'
export { ReplayStore } from './replay-store'
export type { LoginCodeClaims, ReplayStoreOptions } from './replay-store'
export { rateLimitStore } from './rate-limit-store'

/**
 * The shared store for this backend: Redis when `redisUrl` is set (several instances behind a load
 * balancer), otherwise none: each in-memory structure then keeps its own state, as before.
 */
export function openSharedStore(redisUrl: string | undefined, options: RedisStoreOptions = {}): SharedStore | undefined {
  return redisUrl ? new RedisStore(redisUrl, options) : undefined
}
