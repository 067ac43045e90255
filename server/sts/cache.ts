import { randomBytes } from 'node:crypto'
import type { Clock } from '../base/clock'
import { setBounded } from '../store/bounded-map'
import { StoreUnavailableError } from '../store/errors'
import type { SharedStore } from '../store/types'
import type { StsCredentials } from './client'

// Per-user STS credential cache with single flight. STS limits how many tokens an account may
// mint, and a user opening the app on three devices should not cost three AssumeRoles.
// With a shared store (Redis) the cache and the single flight span every backend instance:
// one AssumeRole per user per validity window, whichever instance the load balancer picks.

export const REFRESH_MARGIN_MS = 5 * 60 * 1000

/**
 * How one lookup was answered: from this process's memory, from the shared store, by joining a
 * mint already under way here, or by minting (`miss`); `store-down` = the shared store could not
 * answer, so this instance minted on its own (followed by that `miss`).
 */
export type CacheEvent = 'hit-memory' | 'hit-shared' | 'joined' | 'miss' | 'store-down'

export interface StsCacheOptions {
  clock: Clock
  /** Hand out cached credentials until `expiration − margin`; after that, mint new ones. */
  refreshMarginMs?: number
  /** Bound on cached users in this process; the oldest entry goes first. */
  maxEntries?: number
  /** `false` = no cache and no single flight: every call mints (STS_CACHE=off, benchmarks only). @default true */
  enabled?: boolean
  /** Shared by every instance (Redis); this process's map stays in front of it. */
  shared?: SharedStore
  /** How long a cross-instance mint lock lives if its holder dies: above the STS SDK's timeouts. @default 20000 */
  lockTtlMs?: number
  /** How often an instance waiting on another's mint looks for the result. @default 25 */
  pollMs?: number
  /** Told how each lookup was answered (metrics). */
  onEvent?: (event: CacheEvent) => void
}

export class StsCache {
  private readonly entries = new Map<string, StsCredentials>()
  private readonly inflight = new Map<string, Promise<StsCredentials>>()
  private readonly clock: Clock
  private readonly marginMs: number
  private readonly maxEntries: number
  private readonly enabled: boolean
  private readonly shared?: SharedStore
  private readonly lockTtlMs: number
  private readonly pollMs: number
  private readonly note: (event: CacheEvent) => void

  constructor(options: StsCacheOptions) {
    this.clock = options.clock
    this.marginMs = options.refreshMarginMs ?? REFRESH_MARGIN_MS
    this.maxEntries = options.maxEntries ?? 10_000
    this.enabled = options.enabled ?? true
    this.shared = options.shared
    this.lockTtlMs = options.lockTtlMs ?? 20_000
    this.pollMs = options.pollMs ?? 25
    this.note = options.onEvent ?? (() => undefined)
  }

  /** Cached credentials for `key`, or the result of `mint()` shared by all concurrent callers. */
  get(key: string, mint: () => Promise<StsCredentials>): Promise<StsCredentials> {
    if (!this.enabled) return mint()
    const cached = this.entries.get(key)
    if (cached && this.fresh(cached)) {
      this.note('hit-memory')
      return Promise.resolve(cached)
    }
    const pending = this.inflight.get(key)
    if (pending) {
      this.note('joined')
      return pending
    }
    const started = (async () => {
      try {
        const fresh = this.shared ? await this.sharedOrLocal(this.shared, key, mint) : await this.minted(mint)
        setBounded(this.entries, key, fresh, this.maxEntries)
        return fresh
      } finally {
        // Failures are not cached: the next request tries again.
        this.inflight.delete(key)
      }
    })()
    this.inflight.set(key, started)
    return started
  }

  /**
   * Drops the entry for `key` if it still holds credentials with `accessKeyId` — here and in the
   * shared store — so the next `get` mints. A client reports such a key when the cloud refused it
   * early (revoked, or expired before our clock said so). Reports of a key already replaced, from
   * concurrent requests or other instances, change nothing: one report costs one AssumeRole.
   */
  async evict(key: string, accessKeyId: string): Promise<void> {
    if (this.entries.get(key)?.accessKeyId === accessKeyId) this.entries.delete(key)
    if (!this.shared) return
    const dataKey = `sts:${key}`
    try {
      const raw = await this.shared.get(dataKey)
      if (raw !== undefined && deserialize(raw)?.accessKeyId === accessKeyId) await this.shared.removeIfEquals(dataKey, raw)
    } catch (err) {
      // Redis down: this instance forgot the key; another that still holds it gets it reported again.
      if (!(err instanceof StoreUnavailableError)) throw err
    }
  }

  private fresh(c: StsCredentials): boolean {
    return this.clock.now() < c.expiration.getTime() - this.marginMs
  }

  private minted(mint: () => Promise<StsCredentials>): Promise<StsCredentials> {
    this.note('miss')
    return mint()
  }

  /**
   * Through the shared store; while it cannot answer (Redis down or slow), this instance mints on
   * its own: credentials keep flowing, at the cost of one AssumeRole per user per instance.
   */
  private async sharedOrLocal(shared: SharedStore, key: string, mint: () => Promise<StsCredentials>): Promise<StsCredentials> {
    try {
      return await this.viaShared(shared, key, mint)
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err
      this.note('store-down')
      return this.minted(mint)
    }
  }

  /**
   * Cross-instance single flight: read the shared entry; if missing, take a short lock
   * (`SET NX PX`) and mint, or wait for the instance holding the lock to publish its result.
   * A holder that dies frees the lock after `lockTtlMs`, and the next waiter mints.
   */
  private async viaShared(shared: SharedStore, key: string, mint: () => Promise<StsCredentials>): Promise<StsCredentials> {
    const dataKey = `sts:${key}`
    const lockKey = `sts-lock:${key}`
    for (;;) {
      const hit = await this.readShared(shared, dataKey)
      if (hit) {
        this.note('hit-shared')
        return hit
      }
      const owner = randomBytes(12).toString('base64url')
      if (await shared.put(lockKey, owner, this.lockTtlMs, true)) {
        try {
          // Another instance may have published between our read and our lock.
          const again = await this.readShared(shared, dataKey)
          if (again) {
            this.note('hit-shared')
            return again
          }
          const fresh = await this.minted(mint)
          // The secret lives in Redis no longer than it can be handed out (never past its expiry).
          // Publishing is best effort: credentials minted are never minted again for want of Redis.
          const ttlMs = fresh.expiration.getTime() - this.marginMs - this.clock.now()
          if (ttlMs > 0) await shared.put(dataKey, serialize(fresh), ttlMs).catch(() => undefined)
          return fresh
        } finally {
          await shared.removeIfEquals(lockKey, owner).catch(() => undefined)
        }
      }
      await new Promise((r) => setTimeout(r, this.pollMs))
    }
  }

  private async readShared(shared: SharedStore, dataKey: string): Promise<StsCredentials | undefined> {
    const raw = await shared.get(dataKey)
    const creds = raw === undefined ? undefined : deserialize(raw)
    return creds && this.fresh(creds) ? creds : undefined
  }
}

function serialize(c: StsCredentials): string {
  return JSON.stringify({ ...c, expiration: c.expiration.toISOString() })
}

function deserialize(raw: string): StsCredentials | undefined {
  try {
    const o = JSON.parse(raw) as Record<string, unknown>
    const expiration = new Date(String(o.expiration))
    if (
      typeof o.accessKeyId !== 'string' ||
      typeof o.accessKeySecret !== 'string' ||
      typeof o.securityToken !== 'string' ||
      Number.isNaN(expiration.getTime())
    ) {
      return undefined
    }
    return { accessKeyId: o.accessKeyId, accessKeySecret: o.accessKeySecret, securityToken: o.securityToken, expiration }
  } catch {
    // A corrupt entry is a miss: mint again rather than fail the request.
    return undefined
  }
}
