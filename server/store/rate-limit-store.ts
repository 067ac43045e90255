import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor, RateLimitOptions } from '@fastify/rate-limit'
import type { SharedStore } from './types'

type Callback = Parameters<FastifyRateLimitStore['incr']>[1]

/**
 * A @fastify/rate-limit store class over a SharedStore, so counters are shared by every instance.
 * The plugin constructs it with its params, calls `incr` per request and `child` for a route's own
 * limiter, which gets its own key space.
 */
export function rateLimitStore(store: SharedStore): FastifyRateLimitStoreCtor {
  class SharedRateLimitStore implements FastifyRateLimitStore {
    private readonly prefix: string

    constructor(_params?: unknown, prefix = 'rl:') {
      this.prefix = prefix
    }

    incr(key: string, cb: Callback, timeWindow: number): void {
      store.increment(this.prefix + key, timeWindow).then(
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
