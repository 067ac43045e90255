import { randomBytes } from 'node:crypto'
import type { ConfigReader } from './reader'
import type { AppConfig } from './types'

const PLACEHOLDER = /change[-_ ]?me|example/i

/** The session tokens' HMAC secret and lifetime. */
export function readSession(r: ConfigReader): AppConfig['session'] {
  return { secret: readSecret(r), ttlSeconds: r.int('SESSION_TTL_SECONDS', 7200, 60, 30 * 24 * 3600) }
}

function readSecret(r: ConfigReader): string {
  const secret = r.get('SESSION_SECRET')
  if (secret !== undefined) {
    if (secret.length < 32 || new Set(secret).size < 8 || PLACEHOLDER.test(secret)) {
      r.problem(
        "SESSION_SECRET: too weak; set at least 32 random characters, e.g. `node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\"`",
      )
    }
    return secret
  }
  if (r.cloud) {
    r.missingInCloud('SESSION_SECRET', 'set at least 32 random characters')
    return ''
  }
  // Emulator: a fresh secret per process; sessions simply do not survive a restart.
  return randomBytes(32).toString('base64url')
}
