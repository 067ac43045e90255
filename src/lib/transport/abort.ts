import { globalScope } from '../base/global-scope'
import type { AbortSignalLike } from './types'

/**
 * A minimal AbortController for runtimes without one (WeChat, Alipay and DingTalk mini programs).
 * Where the standard one exists it is used, so signals interoperate with fetch.
 */
export function createAbortController(): { signal: AbortSignalLike; abort(): void } {
  const Native = globalScope().AbortController as (new () => { signal: AbortSignalLike; abort(): void }) | undefined
  if (Native) return new Native()
  const listeners = new Set<() => void>()
  const signal = {
    aborted: false,
    addEventListener: (_type: 'abort', l: () => void) => void listeners.add(l),
    removeEventListener: (_type: 'abort', l: () => void) => void listeners.delete(l),
  }
  return {
    signal,
    abort() {
      if (signal.aborted) return
      signal.aborted = true
      for (const l of [...listeners]) l()
    },
  }
}

/** Runs `onAbort` when the signal fires; returns the unsubscribe function. */
export function onAbort(signal: AbortSignalLike | undefined, onAbortFn: () => void): () => void {
  if (!signal) return () => {}
  signal.addEventListener('abort', onAbortFn)
  return () => signal.removeEventListener('abort', onAbortFn)
}
