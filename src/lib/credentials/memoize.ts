import type { Provider } from '../base/credentials'

/** A provider with a cache: call it for the value, `refresh` to force a new one. */
export interface MemoizedProvider<T> {
  (): Promise<T>
  /** Forces a refresh; pass the value found stale so concurrent callers refresh once. */
  refresh(stale?: T): Promise<T>
  /** The cached value, if any, without triggering a refresh. */
  peek(): T | undefined
}

/**
 * Caches what a provider returns until `isExpired` says it is stale, and:
 * - shares one pending call among all concurrent callers (one refresh at a time);
 * - never caches a failure (the next call tries again);
 * - `refresh(stale)` forces a new value unless `stale` was already replaced, so ten requests that
 *   all fail with an expired token cause one refresh, not ten;
 * - once a refresh has started, no caller gets the old value any more (callers wait for the new one).
 */
export function memoize<T>(provider: Provider<T>, isExpired: (value: T) => boolean): MemoizedProvider<T> {
  let value: T | undefined
  let pending: Promise<T> | undefined

  const start = (stale?: T): Promise<T> => {
    if (pending) return pending
    const call = provider(stale).then(
      (v) => {
        value = v
        return v
      },
      (err: unknown) => {
        // Not cached: the next caller retries. The old value is not resurrected either.
        throw err
      },
    )
    pending = call
    const clear = () => {
      if (pending === call) pending = undefined
    }
    call.then(clear, clear)
    return call
  }

  const get = (() => {
    if (pending) return pending
    if (value !== undefined && !isExpired(value)) return Promise.resolve(value)
    // An expired value is passed on as stale so a caching source does not return it again.
    const old = value
    value = undefined
    return start(old)
  }) as MemoizedProvider<T>

  get.refresh = (stale?: T) => {
    if (pending) return pending
    if (stale !== undefined && value !== undefined && value !== stale) return Promise.resolve(value)
    const old = stale ?? value
    value = undefined
    return start(old)
  }
  get.peek = () => value
  return get
}

/** Stale `marginMs` before `expiration`, judged by `now` (pass the corrected clock). */
export function expiresWithin<T>(expiration: (value: T) => Date, marginMs: number, now: () => number): (value: T) => boolean {
  return (value) => expiration(value).getTime() - marginMs <= now()
}
