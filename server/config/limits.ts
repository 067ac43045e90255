import type { ConfigReader } from './reader'
import type { AppConfig } from './types'

/** Requests per minute: per IP on every route, per user on /api/sts. */
export function readRateLimits(r: ConfigReader): AppConfig['rateLimit'] {
  return {
    perIpPerMinute: r.int('RATE_LIMIT_PER_MINUTE', 120, 1, 1_000_000),
    stsPerUserPerMinute: r.int('STS_RATE_LIMIT_PER_MINUTE', 20, 1, 1_000_000),
  }
}
