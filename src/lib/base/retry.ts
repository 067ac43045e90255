import { KitError, NetworkError } from './errors'
import type { AbortSignalLike } from './abort-signal'
import { backoffDelay } from './backoff'

/** How `withRecovery` waits, counts and recovers. */
export interface RecoveryOptions {
  /** Attempts that may end in a backoff, the first included; a refresh or a resync does not use one up. @default 3 */
  maxAttempts?: number
  /** Ceiling of the first backoff; it doubles on each further one. @default 400 */
  baseDelayMs?: number
  /** @default 4000 */
  maxDelayMs?: number
  /** Injected for tests. @default setTimeout */
  sleep?: (ms: number) => Promise<void>
  /** Injected for tests. @default Math.random */
  random?: () => number
  /** A cancel ends a wait at once, and nothing is tried after it. */
  signal?: AbortSignalLike
  /** Gets new credentials after a `refresh-credentials` error; without it, such an error is surfaced. */
  onRefresh?: (error: KitError) => unknown
  /** Corrects the clock after a `resync-clock` error; without it, such an error is surfaced. */
  onResync?: (error: KitError) => unknown
  /** The request being retried, named by the error a cancel raises. @default "retry after <code>" */
  request?: () => { method: string; url: string }
}

/**
 * An error `withRecovery` surfaces untouched, from a step that retries on its own. An Error itself,
 * so a `withoutRetry` awaited outside `withRecovery` still rejects with an Error (and a stack).
 */
class Surfaced extends Error {
  constructor(readonly error: unknown) {
    // The step's own failure is `.error`; withRecovery unwraps it.
    super('withoutRetry step failed')
    // Mini-program builds may compile classes down to ES5, which breaks `instanceof` without this.
    Object.setPrototypeOf(this, new.target.prototype)
    this.name = 'Surfaced'
  }
}

/**
 * For a step inside an attempt that is not the request being retried (fetching credentials,
 * which retry on their own): its failure ends `withRecovery` as it is, so retries never multiply.
 */
export function withoutRetry<T>(step: Promise<T>): Promise<T> {
  return step.catch((err: unknown) => {
    throw new Surfaced(err)
  })
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Waits `ms`, or less when the signal fires first (the caller then sees `signal.aborted`). */
function wait(ms: number, sleep: (ms: number) => Promise<void>, signal: AbortSignalLike | undefined): Promise<void> {
  if (!signal) return sleep(ms)
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done)
    sleep(ms).then(done, (err: unknown) => {
      signal.removeEventListener('abort', done)
      reject(err)
    })
  })
}

/**
 * The one retry loop of the kit. Runs `attempt` and, when it throws a KitError, does what the
 * error's `recovery` says:
 * - `backoff`: waits min(maxDelayMs, baseDelayMs·2^(n−1)) with jitter (`backoffDelay`) and tries
 *   again, at most `maxAttempts` attempts in all;
 * - `refresh-credentials`: `onRefresh(error)` then tries again, at most once per call;
 * - `resync-clock`: `onResync(error)` then tries again, at most once per call;
 * - `none`, anything that is not a KitError, a recovery already used, or a failure of a step
 *   wrapped in `withoutRetry`: the error is thrown.
 * A cancel (`signal`) is never retried: an aborted request's error is thrown as it is, and a
 * cancel during a wait or before a recovery throws a NetworkError with failure `aborted`.
 */
export async function withRecovery<T>(attempt: (n: number) => Promise<T>, options: RecoveryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 3
  const sleep = options.sleep || defaultSleep
  const { signal } = options
  let backoffs = 0
  let refreshed = false
  let resynced = false
  const cancelled = (error: KitError) => {
    const { method, url } = options.request?.() ?? { method: 'retry', url: `after ${error.code}` }
    return new NetworkError('aborted', method, url, { cause: error })
  }
  for (let n = 1; ; n++) {
    let error: unknown
    try {
      return await attempt(n)
    } catch (err) {
      if (err instanceof Surfaced) throw err.error
      error = err
    }
    if (!(error instanceof KitError)) throw error
    const recovery = error.recovery
    const refresh = recovery === 'refresh-credentials' && options.onRefresh !== undefined && !refreshed
    const resync = recovery === 'resync-clock' && options.onResync !== undefined && !resynced
    const backoff = recovery === 'backoff' && backoffs + 1 < maxAttempts
    if (!refresh && !resync && !backoff) throw error
    if (signal?.aborted) throw cancelled(error)
    if (refresh) {
      refreshed = true
      await options.onRefresh!(error)
    } else if (resync) {
      resynced = true
      await options.onResync!(error)
    } else {
      backoffs++
      await wait(backoffDelay(backoffs, options.baseDelayMs ?? 400, options.maxDelayMs ?? 4000, options.random), sleep, signal)
    }
    if (signal?.aborted) throw cancelled(error)
  }
}
