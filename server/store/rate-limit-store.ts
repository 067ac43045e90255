import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor, RateLimitOptions } from '@fastify/rate-limit'
import { systemClock } from '../base/clock'
import { MemoryStore } from './memory-store'
import type { SharedStore } from './types'

type Callback = Parameters<FastifyRateLimitStore['incr']>[1]

export interface RateLimitStoreOptions {
  /** Counts while the shared store cannot: this instance's own counters. @default a MemoryStore */
  fallback?: SharedStore
  /** Told each time a count went to the fallback (metrics). */
  onFallback?: () => void
}

/**
 * A @fastify/rate-limit store class over a SharedStore, so counters are shared by every instance.
 * The plugin constructs it with its params, calls `incr` per request and `child` for a route's own
 * limiter, which gets its own key space. While Redis is down each instance counts on its own
 * (limits per instance rather than none, and never an error for the request).
 */
export function rateLimitStore(store: SharedStore, options: RateLimitStoreOptions = {}): FastifyRateLimitStoreCtor {
  const fallback = options.fallback ?? new MemoryStore(systemClock)
  class SharedRateLimitStore implements FastifyRateLimitStore {
    private readonly prefix: string

    constructor(_params?: unknown, prefix = 'rl:') {
      this.prefix = prefix
    }

    incr(key: string, cb: Callback, timeWindow: number): void {
      const counted = this.prefix + key
      store
        .increment(counted, timeWindow)
        .catch(() => {
          options.onFallback?.()
          return fallback.increment(counted, timeWindow)
        })
        .then(
          (r) => cb(null, { current: r.count, ttl: r.ttlMs }),
          (err: Error) => cb(err),
        )
    }

    child(routeOptions: RateLimitOptions & { path?: string; prefix?: string }): FastifyRateLimitStore {
      const info = (routeOptions as { routeInfo?: { method?: string; url?: string } }).routeInfo
      return new SharedRateLimitStore(undefined, `${this.prefix}${info?.method ?? ''}${info?.url ?? ''}:`)
    }
  }
  return SharedRateLimitStore
}
