/**
 * The device clock corrected by an offset learned from a server. Phones are often minutes (or a
 * day) off, and Alibaba Cloud refuses timestamps more than 15 minutes away from its own clock.
 */
export interface Clock {
  /** Milliseconds since the epoch, in the server's time. */
  now(): number
  /** Server time minus device time, in ms. */
  offsetMs(): number
  /** Learn the offset from a server timestamp observed at device time `observedAt` (default now). */
  learn(serverTime: Date, observedAt?: number): void
}

/** A Clock over `deviceNow` (default `Date.now`), offset 0 until it learns a server's time. */
export function createClock(deviceNow: () => number = Date.now): Clock {
  let offset = 0
  return {
    now: () => deviceNow() + offset,
    offsetMs: () => offset,
    learn(serverTime, observedAt = deviceNow()) {
      const t = serverTime.getTime()
      if (Number.isFinite(t)) offset = t - observedAt
    },
  }
}

/** Reads an HTTP `Date` header (second precision) as a Date, or undefined. */
export function parseHttpDate(value: string | undefined): Date | undefined {
  if (!value) return undefined
  const d = new Date(value)
  return Number.isFinite(d.getTime()) ? d : undefined
}
