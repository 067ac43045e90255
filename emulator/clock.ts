// The emulator's notion of "now": the injected clock plus the clock skew set by fault injection.
// Every validity decision (timestamps, token and policy expiry, login codes) and every `Date`
// header goes through here so a skewed emulator looks like a server whose clock is off.

export class Clock {
  skewMs = 0
  constructor(private readonly base: () => number) {}

  now(): number {
    return this.base() + this.skewMs
  }

  /** `2026-11-23T15:45:00Z`: the format STS uses for Expiration (no milliseconds). */
  isoSeconds(ms = this.now()): string {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
  }

  httpDate(ms = this.now()): string {
    return new Date(ms).toUTCString()
  }
}

/** Strict RPC Timestamp / x-acs-date: `YYYY-MM-DDTHH:mm:ssZ` (milliseconds tolerated). */
export function parseIsoUtc(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value)) return null
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? null : ms
}

/** OSS V4 `x-oss-date`: `YYYYMMDDTHHMMSSZ`. */
export function parseOssV4Date(value: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (!m) return null
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`)
  return Number.isNaN(ms) ? null : ms
}
