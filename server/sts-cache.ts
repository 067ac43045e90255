import type { Clock } from './clock'
import type { StsCredentials } from './sts-client'

// Per-user STS credential cache with single flight. STS limits how many tokens an account may
// mint, and a user opening the app on three devices should not cost three AssumeRoles.

export const REFRESH_MARGIN_MS = 5 * 60 * 1000

export interface StsCacheOptions {
  clock: Clock
  /** Hand out cached credentials until `expiration − margin`; after that, mint new ones. */
  refreshMarginMs?: number
  /** Bound on cached users; the oldest entry goes first. */
  maxEntries?: number
}

export class StsCache {
  private readonly entries = new Map<string, StsCredentials>()
  private readonly inflight = new Map<string, Promise<StsCredentials>>()
  private readonly clock: Clock
  private readonly marginMs: number
  private readonly maxEntries: number

  constructor(options: StsCacheOptions) {
    this.clock = options.clock
    this.marginMs = options.refreshMarginMs ?? REFRESH_MARGIN_MS
    this.maxEntries = options.maxEntries ?? 10_000
  }

  /** Cached credentials for `key`, or the result of `mint()` shared by all concurrent callers. */
  get(key: string, mint: () => Promise<StsCredentials>): Promise<StsCredentials> {
    const cached = this.entries.get(key)
    if (cached && this.clock.now() < cached.expiration.getTime() - this.marginMs) {
      return Promise.resolve(cached)
    }
    const pending = this.inflight.get(key)
    if (pending) return pending
    const started = (async () => {
      try {
        const fresh = await mint()
        this.store(key, fresh)
        return fresh
      } finally {
        // Failures are not cached: the next request tries again.
        this.inflight.delete(key)
      }
    })()
    this.inflight.set(key, started)
    return started
  }

  private store(key: string, value: StsCredentials): void {
    this.entries.delete(key)
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next()
      if (!oldest.done) this.entries.delete(oldest.value)
    }
    this.entries.set(key, value)
  }
}
