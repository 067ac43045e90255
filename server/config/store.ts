import { tryUrl } from './reader'
import type { ConfigReader } from './reader'
import type { AppConfig } from './types'

/** Shared state for scale-out (REDIS_URL) and the credential cache switch (STS_CACHE). */
export function readStore(r: ConfigReader): Pick<AppConfig, 'redisUrl' | 'stsCache'> {
  // The URL may carry a password: the problem names the variable, never echoes it.
  const redisUrl = r.get('REDIS_URL')
  if (redisUrl !== undefined && !['redis:', 'rediss:'].includes(tryUrl(redisUrl)?.protocol ?? '')) {
    r.problem('REDIS_URL: not a redis:// or rediss:// URL (e.g. redis://:password@10.0.0.5:6379/0)')
  }
  const stsCache = r.oneOf('STS_CACHE', ['on', 'off'], 'on')
  if (r.cloud && stsCache === 'off') r.problem('STS_CACHE: off is a benchmark switch for the emulator; remove it when APP_MODE=cloud')
  return { redisUrl, stsCache: stsCache !== 'off' }
}
