// Time is injected everywhere (tokens, caches, Alipay timestamps) so tests can move it.
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/** ISO-8601 UTC without milliseconds: the format Alibaba Cloud uses for `Expiration`. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}
