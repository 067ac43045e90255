import { describe, expect, it } from 'vitest'
import { signSession, verifySession } from '../../server/session/token'
import type { SessionPayload } from '../../server/session/token'

const SECRET = 'k'.repeat(16) + 'abcdefghijklmnop'
const NOW = 1_800_000_000_000
const payload: SessionPayload = { sub: 'wx_alice', plat: 'weapp', iat: NOW / 1000, exp: NOW / 1000 + 7200 }

describe('session token', () => {
  it('round-trips: base64url(payload).base64url(sig)', () => {
    const token = signSession(SECRET, payload)
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/)
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual(payload)
    expect(verifySession(SECRET, token, NOW)).toEqual({ ok: true, session: payload })
  })

  it('expires exactly at exp', () => {
    const token = signSession(SECRET, payload)
    expect(verifySession(SECRET, token, (payload.exp - 1) * 1000).ok).toBe(true)
    expect(verifySession(SECRET, token, payload.exp * 1000)).toEqual({ ok: false, reason: 'SessionExpired' })
  })

  it('rejects a token signed with another secret', () => {
    const token = signSession('another-secret-another-secret-xx', payload)
    expect(verifySession(SECRET, token, NOW)).toEqual({ ok: false, reason: 'InvalidSession' })
  })

  it('rejects a tampered payload (sub swapped, signature kept)', () => {
    const [, sig] = signSession(SECRET, payload).split('.')
    const forged = Buffer.from(JSON.stringify({ ...payload, sub: 'wx_mallory' })).toString('base64url')
    expect(verifySession(SECRET, `${forged}.${sig}`, NOW)).toEqual({ ok: false, reason: 'InvalidSession' })
  })

  it('rejects an extended expiry even though the rest is genuine', () => {
    const [, sig] = signSession(SECRET, payload).split('.')
    const forged = Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 1e6 })).toString('base64url')
    expect(verifySession(SECRET, `${forged}.${sig}`, NOW).ok).toBe(false)
  })

  it.each(['', 'abc', 'a.b.c', '.', 'eyJ9.', '!!!.???', 'abc.' + 'A'.repeat(42), 'abc.' + 'A'.repeat(44)])(
    'rejects malformed token %j without throwing',
    (token) => {
      expect(verifySession(SECRET, token, NOW)).toEqual({ ok: false, reason: 'InvalidSession' })
    },
  )

  it('rejects a correctly signed payload of the wrong shape', () => {
    const token = signSession(SECRET, { sub: 'x', plat: 'icq', iat: 1, exp: 2e9 } as unknown as SessionPayload)
    expect(verifySession(SECRET, token, NOW)).toEqual({ ok: false, reason: 'InvalidSession' })
  })
})
