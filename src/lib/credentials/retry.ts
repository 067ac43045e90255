import { withRecovery, type RecoveryOptions } from '../base/retry'
import type { Provider } from '../base/credentials'

/** The retry loop's own options (`withRecovery`), with the attempt count named `attempts`. */
export type RetryOptions = Pick<RecoveryOptions, 'baseDelayMs' | 'maxDelayMs' | 'sleep' | 'random'> & {
  /** Attempts, the first included. @default 3 */
  attempts?: number
}

/**
 * Retries a credential provider while its errors say `backoff` (no answer, 5xx, 429), through the
 * kit's one retry loop. Asking the backend for STS credentials is safe to repeat (it mints or
 * returns cached ones, it never spends anything single-use), unlike a login code, which is why
 * login is not wrapped. There is nothing to refresh or resync here: such errors are surfaced.
 */
export function withRetries<T>(provider: Provider<T>, options: RetryOptions = {}): Provider<T> {
  return (stale?: T) =>
    withRecovery(() => provider(stale), {
      maxAttempts: options.attempts,
      baseDelayMs: options.baseDelayMs,
      maxDelayMs: options.maxDelayMs,
      sleep: options.sleep,
      random: options.random,
    })
}
