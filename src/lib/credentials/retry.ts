import { KitError, NetworkError } from '../errors'
import { backoffDelay } from '../util/backoff'
import type { Provider } from './types'

export interface RetryOptions {
  /** Attempts, the first included. @default 3 */
  attempts?: number
  /** @default 400 */
  baseDelayMs?: number
  /** @default 4000 */
  maxDelayMs?: number
  sleep?: (ms: number) => Promise<void>
  random?: () => number
}

/** Whether asking again can help: no answer (not a cancel), or an error flagged retryable (5xx, 429). */
export function isTransient(err: unknown): boolean {
  if (err instanceof NetworkError) return err.failure !== 'aborted'
  return err instanceof KitError && err.retryable
}

/**
 * Retries a credential provider on transient failures with exponential backoff and jitter.
 * Asking the backend for STS credentials is safe to repeat (it mints or returns cached ones, it
 * never spends anything single-use), unlike a login code, which is why login is not wrapped.
 */
export function withRetries<T>(provider: Provider<T>, options: RetryOptions = {}): Provider<T> {
  const attempts = options.attempts ?? 3
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  return async (stale?: T) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await provider(stale)
      } catch (err) {
        if (!isTransient(err) || attempt >= attempts) throw err
        await sleep(backoffDelay(attempt, options.baseDelayMs ?? 400, options.maxDelayMs ?? 4000, options.random))
      }
    }
  }
}
