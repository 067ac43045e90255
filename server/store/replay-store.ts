import { createHash } from 'node:crypto'
import type { Clock } from '../base/clock'
import { setBounded } from './bounded-map'

// Login codes are single-use. Providers enforce that too, but not all of them (and not the
// emulator in every mode), so the backend remembers codes it has seen for longer than any
// provider keeps a code valid. Bounded: a flood of junk codes cannot grow memory without limit.

/** What the login route needs: in memory (sync) here, or shared across instances (server/store). */
export interface LoginCodeClaims {
  /** True the first time a (namespace, code) pair is claimed, false on every replay. */
  claim(namespace: string, code: string): boolean | Promise<boolean>
}

/** What a claim stores: a hash, not the code, so the store holds nothing worth stealing. */
export function claimDigest(namespace: string, code: string): string {
  return createHash('sha256').update(`${namespace}\0${code}`).digest('base64url')
}

export interface ReplayStoreOptions {
  clock: Clock
  ttlMs?: number
  maxEntries?: number
}

export class ReplayStore implements LoginCodeClaims {
  /** key → expiry (ms). Map keeps insertion order, which is also expiry order (fixed TTL). */
  private readonly seen = new Map<string, number>()
  private readonly clock: Clock
  private readonly ttlMs: number
  private readonly maxEntries: number

  constructor(options: ReplayStoreOptions) {
    this.clock = options.clock
    this.ttlMs = options.ttlMs ?? 15 * 60 * 1000
    this.maxEntries = options.maxEntries ?? 50_000
  }

  /** Returns true the first time a (namespace, code) pair is claimed, false on every replay. */
  claim(namespace: string, code: string): boolean {
    const now = this.clock.now()
    this.sweep(now)
    const key = claimDigest(namespace, code)
    const expiry = this.seen.get(key)
    if (expiry !== undefined && expiry > now) return false
    setBounded(this.seen, key, now + this.ttlMs, this.maxEntries)
    return true
  }

  get size(): number {
    return this.seen.size
  }

  private sweep(now: number): void {
    for (const [key, expiry] of this.seen) {
      if (expiry > now) break
      this.seen.delete(key)
    }
  }
}
