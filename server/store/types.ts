import type { StoreHealth } from './redis-health'

/**
 * The one small interface behind everything the backend must share between instances when it
 * scales out: the STS credential cache (and its single-flight lock), login-code replay records and
 * rate-limit counters. In memory by default; Redis when `REDIS_URL` is set. Every value has a TTL,
 * so nothing outlives the reason it was stored.
 */
export interface SharedStore {
  /** `memory` (one process) or `redis` (shared by every instance on the same REDIS_URL). */
  readonly kind: 'memory' | 'redis'
  /** Whether the store answers now: `up`, `down` (calls fail at once) or `connecting` (first connect). */
  health(): StoreHealth
  /** The live value of `key`, or undefined. */
  get(key: string): Promise<string | undefined>
  /**
   * Stores `value` under `key` for `ttlMs`. With `onlyIfAbsent`, only when the key is not there
   * (Redis `SET NX PX`): this is the atomic primitive for locks and single-use claims.
   * Returns whether the value was stored.
   */
  put(key: string, value: string, ttlMs: number, onlyIfAbsent?: boolean): Promise<boolean>
  /** Deletes `key` only while it still holds `value` (releasing a lock we own, not a successor's). */
  removeIfEquals(key: string, value: string): Promise<void>
  /** Adds one to a counter whose window of `windowMs` starts at its first increment. */
  increment(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }>
  close(): Promise<void>
}
// Every method may reject with StoreUnavailableError (./errors) when Redis cannot answer in time.
