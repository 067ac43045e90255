import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Platform } from '../login/user-id'
import { PLATFORMS } from '../login/user-id'

// Compact HMAC-SHA256 session token: base64url(JSON payload) "." base64url(signature).
// Stateless on purpose: the backend can restart or scale out without a session store.

export interface SessionPayload {
  sub: string
  plat: Platform
  /** Issued at, seconds since the epoch. */
  iat: number
  /** Expires at, seconds since the epoch. */
  exp: number
}

export type VerifyResult = { ok: true; session: SessionPayload } | { ok: false; reason: 'InvalidSession' | 'SessionExpired' }

function sign(secret: string, encodedPayload: string): Buffer {
  return createHmac('sha256', secret).update(encodedPayload).digest()
}

export function signSession(secret: string, payload: SessionPayload): string {
  const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')
  return `${encoded}.${sign(secret, encoded).toString('base64url')}`
}

function isPayload(value: unknown): value is SessionPayload {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.sub === 'string' &&
    v.sub.length > 0 &&
    typeof v.plat === 'string' &&
    (PLATFORMS as readonly string[]).includes(v.plat) &&
    Number.isInteger(v.iat) &&
    Number.isInteger(v.exp)
  )
}

const B64URL = /^[A-Za-z0-9_-]+$/

/** Verifies signature (constant time) first, then shape, then expiry. `nowMs` is injected. */
export function verifySession(secret: string, token: string, nowMs: number): VerifyResult {
  const invalid: VerifyResult = { ok: false, reason: 'InvalidSession' }
  const parts = token.split('.')
  if (parts.length !== 2 || !B64URL.test(parts[0]) || !B64URL.test(parts[1])) return invalid
  const expected = sign(secret, parts[0])
  const given = Buffer.from(parts[1], 'base64url')
  // timingSafeEqual throws on length mismatch; the length of an HMAC is public anyway.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid
  let payload: unknown
  try {
    payload = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'))
  } catch {
    return invalid
  }
  if (!isPayload(payload)) return invalid
  if (payload.exp * 1000 <= nowMs) return { ok: false, reason: 'SessionExpired' }
  return { ok: true, session: payload }
}
