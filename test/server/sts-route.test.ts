import { describe, expect, it } from 'vitest'
import { signSession } from '../../server/session/token'
import { FakeClock, FakeSts, makeApp, T0 } from './helpers'

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

describe('POST /api/sts: authentication', () => {
  it('anonymous, forged, expired and malformed tokens → 401 and STS is never called', async () => {
    const { app, config, sts, clock } = makeApp()
    const now = Math.floor(clock.now() / 1000)
    const forged = signSession('not-the-server-secret-not-the-server', { sub: 'wx_alice', plat: 'weapp', iat: now, exp: now + 60 })
    const expired = signSession(config.session.secret, { sub: 'wx_alice', plat: 'weapp', iat: now - 120, exp: now - 60 })
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'Unauthorized'],
      [bearer(forged), 'InvalidSession'],
      [bearer(expired), 'SessionExpired'],
      [{ authorization: 'Basic dXNlcjpwYXNz' }, 'InvalidSession'],
      [{ authorization: 'Bearer ' }, 'InvalidSession'],
      [{ authorization: 'Bearer a.b.c' }, 'InvalidSession'],
    ]
    for (const [headers, code] of cases) {
      const res = await app.inject({ method: 'POST', url: '/api/sts', headers, payload: { evil: true } })
      expect(res.statusCode, JSON.stringify(headers)).toBe(401)
      expect(res.json()).toEqual({ code, message: expect.any(String) })
    }
    expect(sts.calls).toHaveLength(0)
  })

  it('a session expires after SESSION_TTL_SECONDS', async () => {
    const { app, clock, login, sts } = makeApp({ env: { SESSION_TTL_SECONDS: '600' } })
    const token = await login()
    clock.advance(599_000)
    expect((await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(token) })).statusCode).toBe(200)
    clock.advance(1_000)
    const res = await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(token) })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('SessionExpired')
    expect(sts.calls).toHaveLength(1)
  })
})

describe('POST /api/sts: response and AssumeRole input', () => {
  it('answers the contract shape with no-store, and asks STS for exactly the per-user policy', async () => {
    const { app, login, sts, clock } = makeApp()
    const token = await login('alice')
    const res = await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(token) })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.json()).toEqual({
      accessKeyId: 'STS.fake1',
      accessKeySecret: 'secret-1',
      securityToken: 'token-1',
      expiration: new Date(T0 + 900_000).toISOString().replace('.000Z', 'Z'),
      serverTime: '2026-11-23T15:45:00Z',
      oss: {
        bucket: 'viapi-kit-dev',
        region: 'cn-shanghai',
        host: 'http://127.0.0.1:9100/oss/viapi-kit-dev',
        keyPrefix: 'uploads/wx_alice/',
        signatureVersion: 'v4',
        maxBytes: 3145728,
      },
      endpoints: {
        ocr: 'http://127.0.0.1:9100',
        imageseg: 'http://127.0.0.1:9100',
        moderation: 'http://127.0.0.1:9100',
        imm: 'http://127.0.0.1:9100',
      },
      imageUrlRoute: 'signed-url',
    })
    expect(sts.calls).toHaveLength(1)
    const call = sts.calls[0]
    expect(call.roleArn).toBe('acs:ram::1234567890123456:role/viapi-kit-uploader')
    expect(call.roleSessionName).toBe('wx_alice')
    expect(call.durationSeconds).toBe(900)
    expect(JSON.parse(call.policy)).toEqual({
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: ['oss:PutObject', 'oss:GetObject'], Resource: ['acs:oss:*:*:viapi-kit-dev/uploads/wx_alice/*'] },
        {
          Effect: 'Allow',
          Action: ['viapi-ocr:RecognizeBankCard', 'viapi-imageseg:SegmentCommonImage', 'yundun-greenweb:TextModerationPlus'],
          Resource: ['*'],
        },
        { Effect: 'Allow', Action: ['imm:DetectImageFaces'], Resource: ['acs:imm:cn-shanghai:1234567890123456:project/viapi-kit'] },
        {
          Effect: 'Allow',
          Action: ['ram:PassRole'],
          Resource: ['*'],
          Condition: { StringEquals: { 'acs:Service': 'viapi.aliyuncs.com' } },
        },
      ],
    })
    expect(clock.now()).toBe(T0)
  })

  it('accepts an empty JSON body (mini programs send content-type json with no body) and {}', async () => {
    const { app, login } = makeApp()
    const token = await login()
    const empty = await app.inject({
      method: 'POST',
      url: '/api/sts',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      payload: '',
    })
    expect(empty.statusCode).toBe(200)
    const obj = await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(token), payload: {} })
    expect(obj.statusCode).toBe(200)
  })

  it('rejects a non-empty body with 400 BadRequest', async () => {
    const { app, login, sts } = makeApp()
    const res = await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(await login()), payload: { userId: 'someone-else' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('BadRequest')
    expect(sts.calls).toHaveLength(0)
  })
})

describe('POST /api/sts: cache, single flight, refresh, failures', () => {
  it('second call is a cache hit; another user gets their own AssumeRole', async () => {
    const { app, login, sts } = makeApp()
    const alice = await login('alice')
    const a1 = (await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(alice) })).json()
    const a2 = (await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(alice) })).json()
    expect(sts.calls).toHaveLength(1)
    expect(a2.accessKeyId).toBe(a1.accessKeyId)
    const bob = await login('bob')
    const b = (await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(bob) })).json()
    expect(sts.calls).toHaveLength(2)
    expect(b.accessKeyId).not.toBe(a1.accessKeyId)
    expect(b.oss.keyPrefix).toBe('uploads/wx_bob/')
  })

  it('10 concurrent requests for one user share a single AssumeRole', async () => {
    const { app, login, sts } = makeApp()
    sts.delayMs = 30
    const token = await login()
    const results = await Promise.all(
      Array.from({ length: 10 }, () => app.inject({ method: 'POST', url: '/api/sts', headers: bearer(token) })),
    )
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(200))
    expect(new Set(results.map((r) => r.json().accessKeyId))).toEqual(new Set(['STS.fake1']))
    expect(sts.calls).toHaveLength(1)
  })

  it('refreshes at expiration − 5 min, not before', async () => {
    const clock = new FakeClock()
    const sts = new FakeSts(clock, 900)
    const { app, login } = makeApp({ deps: { clock, sts } })
    const token = await login()
    const first = (await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(token) })).json()
    clock.advance((900 - 300) * 1000 - 1)
    const cached = (await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(token) })).json()
    expect(cached.accessKeyId).toBe(first.accessKeyId)
    expect(cached.serverTime).not.toBe(first.serverTime)
    expect(sts.calls).toHaveLength(1)
    clock.advance(1)
    const fresh = (await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(token) })).json()
    expect(sts.calls).toHaveLength(2)
    expect(fresh.accessKeyId).toBe('STS.fake2')
    expect(Date.parse(fresh.expiration)).toBeGreaterThan(Date.parse(first.expiration))
  })

  it('a failed AssumeRole → 502 StsUnavailable, is not cached, and leaks nothing', async () => {
    const { app, login, sts } = makeApp()
    const token = await login()
    const netErr = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9100 secret=emulator-root-secret'), { code: 'ECONNREFUSED' })
    sts.script = [netErr]
    const failed = await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(token) })
    expect(failed.statusCode).toBe(502)
    expect(failed.json()).toEqual({ code: 'StsUnavailable', message: expect.any(String) })
    expect(failed.body).not.toContain('emulator-root')
    const ok = await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(token) })
    expect(ok.statusCode).toBe(200)
    expect(sts.calls).toHaveLength(2)
  })

  it('maps STS 4xx to StsRejected and throttling to StsThrottled (both 502)', async () => {
    const { app, login, sts } = makeApp()
    const token = await login()
    sts.script = [
      Object.assign(new Error('code: 403, You are not authorized. AccessKeyId emulator-root-id'), {
        code: 'NoPermission',
        statusCode: 403,
      }),
      Object.assign(new Error('throttled'), { code: 'Throttling.User', statusCode: 400 }),
    ]
    const rejected = await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(token) })
    expect([rejected.statusCode, rejected.json().code]).toEqual([502, 'StsRejected'])
    expect(rejected.body).not.toContain('emulator-root-id')
    const throttled = await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(token) })
    expect([throttled.statusCode, throttled.json().code]).toEqual([502, 'StsThrottled'])
  })
})

describe('POST /api/sts: per-user rate limit', () => {
  it('the (N+1)th call of one user in a minute → 429, another user is unaffected', async () => {
    const { app, login, sts } = makeApp({ env: { STS_RATE_LIMIT_PER_MINUTE: '3' } })
    const alice = await login('alice')
    const codes: number[] = []
    for (let i = 0; i < 4; i++) codes.push((await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(alice) })).statusCode)
    expect(codes).toEqual([200, 200, 200, 429])
    const limited = await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(alice) })
    expect(limited.json()).toEqual({ code: 'TooManyRequests', message: expect.any(String) })
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    const bob = await login('bob')
    expect((await app.inject({ method: 'POST', url: '/api/sts', headers: bearer(bob) })).statusCode).toBe(200)
    expect(sts.calls).toHaveLength(2)
  })
})
