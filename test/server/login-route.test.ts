import { describe, expect, it } from 'vitest'
import { buildServer } from '../../server/app'
import { LoginError } from '../../server/login/types'
import type { LoginVerifier } from '../../server/login/types'
import { verifySession } from '../../server/session/token'
import { FakeClock, FakeSts, makeApp, testConfig } from './helpers'

const post = (payload: unknown) => ({ method: 'POST' as const, url: '/api/login', payload: payload as Record<string, unknown> })

describe('POST /api/login', () => {
  it('returns {token, expiresAt, userId}; the token verifies and names the namespaced user', async () => {
    const { app, config, clock } = makeApp()
    const res = await app.inject(post({ platform: 'alipay', code: 'u:2088102150477652#1' }))
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    const body = res.json()
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'token', 'userId'])
    expect(body.userId).toBe('ali_2088102150477652')
    expect(body.expiresAt).toBe('2026-11-23T17:45:00Z')
    const v = verifySession(config.session.secret, body.token, clock.now())
    expect(v).toEqual({
      ok: true,
      session: { sub: 'ali_2088102150477652', plat: 'alipay', iat: clock.now() / 1000, exp: clock.now() / 1000 + 7200 },
    })
  })

  it('a code can be used once: replay → 401 CodeReplayed without asking the provider again', async () => {
    const { app, verifier } = makeApp()
    expect((await app.inject(post({ platform: 'weapp', code: 'once' }))).statusCode).toBe(200)
    const replay = await app.inject(post({ platform: 'weapp', code: 'once' }))
    expect(replay.statusCode).toBe(401)
    expect(replay.json()).toEqual({ code: 'CodeReplayed', message: expect.any(String) })
    expect(verifier.calls).toEqual(['once'])
    // Same code string on another platform is a different code.
    expect((await app.inject(post({ platform: 'dd', code: 'once' }))).statusCode).toBe(200)
  })

  it('concurrent uses of one code: exactly one wins', async () => {
    const { app } = makeApp()
    const res = await Promise.all(Array.from({ length: 5 }, () => app.inject(post({ platform: 'weapp', code: 'race' }))))
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 401, 401, 401, 401])
  })

  it('maps provider failures: InvalidCode → 401, unavailable → 502, rejected → 502', async () => {
    const failing = (kind: 'InvalidCode' | 'ProviderUnavailable' | 'ProviderRejected'): LoginVerifier => ({
      async verify() {
        throw new LoginError(kind, `provider said ${kind}`, '40029')
      },
    })
    const app = buildServer(testConfig(), {
      sts: new FakeSts(new FakeClock()),
      loginVerifiers: { weapp: failing('InvalidCode'), alipay: failing('ProviderUnavailable'), dd: failing('ProviderRejected') },
    })
    const r1 = await app.inject(post({ platform: 'weapp', code: 'a' }))
    expect([r1.statusCode, r1.json().code]).toEqual([401, 'InvalidCode'])
    const r2 = await app.inject(post({ platform: 'alipay', code: 'a' }))
    expect([r2.statusCode, r2.json().code]).toEqual([502, 'LoginProviderUnavailable'])
    const r3 = await app.inject(post({ platform: 'dd', code: 'a' }))
    expect([r3.statusCode, r3.json().code]).toEqual([502, 'LoginProviderRejected'])
    const r4 = await app.inject(post({ platform: 'h5', code: 'a' }))
    expect([r4.statusCode, r4.json().code]).toEqual([400, 'PlatformNotEnabled'])
  })

  it('a verifier that throws something unexpected → 500 InternalError, and the server keeps serving', async () => {
    const app = buildServer(testConfig(), {
      sts: new FakeSts(new FakeClock()),
      loginVerifiers: {
        weapp: {
          async verify() {
            throw new TypeError('boom with secret stuff')
          },
        },
      },
    })
    const res = await app.inject(post({ platform: 'weapp', code: 'x' }))
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ code: 'InternalError', message: 'Internal error' })
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
  })

  it('h5 login is refused in cloud mode (no verifier is built)', async () => {
    const app = buildServer(
      testConfig({
        APP_MODE: 'cloud',
        SESSION_SECRET: 'q8Zr1x-Vn3LkT0pW7sYbC4mHdJ9eFgA2uRiO5tE6wQy',
        ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1111222233334444:role/uploader',
      }),
      { sts: new FakeSts(new FakeClock()) },
    )
    const res = await app.inject(post({ platform: 'h5', code: 'abc' }))
    expect([res.statusCode, res.json().code]).toEqual([400, 'PlatformNotEnabled'])
  })
})

describe('bad input never crashes and always answers {code, message}', () => {
  const cases: Array<
    [string, { payload?: string; headers?: Record<string, string>; method?: 'GET' | 'POST' | 'PUT'; url?: string }, number, string]
  > = [
    ['malformed JSON', { payload: '{"platform":', headers: { 'content-type': 'application/json' } }, 400, 'BadRequest'],
    ['JSON array', { payload: '[1,2]', headers: { 'content-type': 'application/json' } }, 400, 'BadRequest'],
    ['JSON null', { payload: 'null', headers: { 'content-type': 'application/json' } }, 400, 'BadRequest'],
    ['empty body', { payload: '', headers: { 'content-type': 'application/json' } }, 400, 'BadRequest'],
    ['no body at all', {}, 400, 'BadRequest'],
    ['missing code', { payload: '{"platform":"weapp"}', headers: { 'content-type': 'application/json' } }, 400, 'BadRequest'],
    ['unknown platform', { payload: '{"platform":"qq","code":"x"}', headers: { 'content-type': 'application/json' } }, 400, 'BadRequest'],
    [
      'extra property',
      { payload: '{"platform":"weapp","code":"x","admin":true}', headers: { 'content-type': 'application/json' } },
      400,
      'BadRequest',
    ],
    [
      'code is a number',
      { payload: '{"platform":"weapp","code":123}', headers: { 'content-type': 'application/json' } },
      400,
      'BadRequest',
    ],
    ['empty code', { payload: '{"platform":"weapp","code":""}', headers: { 'content-type': 'application/json' } }, 400, 'BadRequest'],
    [
      'code with spaces',
      { payload: '{"platform":"weapp","code":"a b"}', headers: { 'content-type': 'application/json' } },
      400,
      'BadRequest',
    ],
    [
      'code too long',
      { payload: JSON.stringify({ platform: 'weapp', code: 'x'.repeat(513) }), headers: { 'content-type': 'application/json' } },
      400,
      'BadRequest',
    ],
    [
      'prototype pollution',
      { payload: '{"platform":"weapp","code":"x","__proto__":{"admin":true}}', headers: { 'content-type': 'application/json' } },
      400,
      'BadRequest',
    ],
    [
      'form body',
      { payload: 'platform=weapp&code=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
      'UnsupportedMediaType',
    ],
    ['text body', { payload: 'hello', headers: { 'content-type': 'text/plain' } }, 415, 'UnsupportedMediaType'],
    [
      'body over 8 KB',
      { payload: JSON.stringify({ platform: 'weapp', code: 'x'.repeat(9000) }), headers: { 'content-type': 'application/json' } },
      413,
      'PayloadTooLarge',
    ],
    ['unknown route', { method: 'GET', url: '/api/nope' }, 404, 'NotFound'],
    ['wrong method', { method: 'PUT', url: '/api/login' }, 404, 'NotFound'],
  ]
  it.each(cases)('%s → %i %s', async (_name, req, status, code) => {
    const { app, verifier } = makeApp()
    const res = await app.inject({ method: req.method ?? 'POST', url: req.url ?? '/api/login', payload: req.payload, headers: req.headers })
    expect(res.statusCode).toBe(status)
    expect(res.json()).toEqual({ code, message: expect.any(String) })
    expect(verifier.calls).toHaveLength(0)
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok', mode: 'emulator' })
  })
})

describe('HTTP hygiene', () => {
  it('per-IP rate limit → 429 {code, message}; /healthz is exempt', async () => {
    const { app } = makeApp({ env: { RATE_LIMIT_PER_MINUTE: '3' } })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await app.inject(post({ platform: 'weapp', code: `c${i}` }))).statusCode)
    expect(statuses).toEqual([200, 200, 200, 429])
    const res = await app.inject(post({ platform: 'weapp', code: 'c9' }))
    expect(res.json()).toEqual({ code: 'TooManyRequests', message: expect.stringMatching(/3 requests per minute/) })
    expect(res.headers['retry-after']).toBeDefined()
    // Another IP is not affected.
    expect((await app.inject({ ...post({ platform: 'weapp', code: 'other' }), remoteAddress: '10.0.0.9' })).statusCode).toBe(200)
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
  })

  it('CORS: allows the configured origins only', async () => {
    const { app } = makeApp()
    const ok = await app.inject({
      method: 'OPTIONS',
      url: '/api/sts',
      headers: {
        origin: 'http://localhost:10086',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    })
    expect(ok.statusCode).toBe(204)
    expect(ok.headers['access-control-allow-origin']).toBe('http://localhost:10086')
    expect(String(ok.headers['access-control-allow-headers'])).toMatch(/authorization/)
    const evil = await app.inject({
      method: 'POST',
      url: '/api/login',
      headers: { origin: 'https://evil.example.com' },
      payload: { platform: 'weapp', code: 'zz' },
    })
    expect(evil.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('sets helmet security headers', async () => {
    const { app } = makeApp()
    const res = await app.inject({ method: 'GET', url: '/healthz' })
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/)
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
  })
})
