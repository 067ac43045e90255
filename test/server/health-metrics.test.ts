import { describe, expect, it } from 'vitest'
import { drain } from '../../server/health/drain'
import { Readiness } from '../../server/health/readiness'
import { MemoryStore } from '../../server/store'
import { makeApp } from './helpers'

const TOKEN = 'metrics-token-0123456789abcdef'

describe('/readyz', () => {
  it('200 with every check when the instance can serve; never rate limited', async () => {
    const { app } = makeApp({ env: { RATE_LIMIT_PER_MINUTE: '2' } })
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({ method: 'GET', url: '/readyz' })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ status: 'ready', checks: { config: 'loaded', redis: 'not configured', shutdown: 'no' } })
    }
  })

  it('says "still starting" before Fastify is ready, and names a shared store that does not answer', () => {
    expect(new Readiness().problems()).toEqual(['the backend is still starting'])
    const down = Object.assign(new MemoryStore({ now: () => 0 }), { health: () => 'down' as const })
    const r = new Readiness(down)
    r.markBooted()
    expect(r.problems()).toEqual(['Redis (REDIS_URL) does not answer; check that it runs and is reachable'])
  })

  it('drain: 503 NotReady at once while requests are still served, then the server closes', async () => {
    const { app, login } = makeApp()
    await app.ready()
    const t0 = Date.now()
    const draining = drain(app, 300)
    const ready = await app.inject({ method: 'GET', url: '/readyz' })
    expect(ready.statusCode).toBe(503)
    expect(ready.json()).toMatchObject({ code: 'NotReady', checks: { shutdown: 'draining' } })
    expect(ready.json().message).toContain('shutting down')
    // A load balancer still sending during the drain window gets served.
    expect(await login('drain-user')).toMatch(/\./)
    expect(app.readiness.checks().shutdown).toBe('draining')
    await draining
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290)
    expect(app.readiness.checks().shutdown).toBe('closing')
  })

  it('a request that reaches a closing instance gets a typed 503 ShuttingDown, not Fastify’s untyped one', async () => {
    const { app } = makeApp()
    await app.ready()
    app.readiness.markClosing()
    const res = await app.inject({ method: 'POST', url: '/api/login', payload: { platform: 'weapp', code: 'u:x#1' } })
    expect(res.statusCode).toBe(503)
    expect(res.json()).toEqual({ code: 'ShuttingDown', message: expect.stringContaining('shutting down') })
    expect(res.headers['retry-after']).toBe('1')
    expect(res.headers.connection).toBe('close')
  })
})

describe('/metrics', () => {
  it('is not served unless METRICS_TOKEN is set', async () => {
    const { app } = makeApp()
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404)
  })

  it('refuses a missing or wrong token with a typed 401', async () => {
    const { app } = makeApp({ env: { METRICS_TOKEN: TOKEN } })
    for (const authorization of [undefined, 'Bearer wrong', TOKEN]) {
      const res = await app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} })
      expect(res.statusCode).toBe(401)
      expect(res.json().code).toBe('Unauthorized')
    }
  })

  it('counts requests by route, AssumeRole calls and cache lookups, and never carries a token, user id or code', async () => {
    const { app, login } = makeApp({ env: { METRICS_TOKEN: TOKEN } })
    const session = await login('metrics-alice')
    const grants = []
    for (let i = 0; i < 2; i++)
      grants.push((await app.inject({ method: 'POST', url: '/api/sts', headers: { authorization: `Bearer ${session}` } })).json())
    await app.inject({ method: 'GET', url: '/api/users/metrics-alice?token=leak' })
    const res = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/plain; version=0.0.4')
    const text = res.body
    expect(text).toMatch(/^viapi_http_requests_total\{method="POST",route="\/api\/sts",status_code="200"\} 2$/m)
    expect(text).toMatch(/^viapi_http_requests_total\{method="GET",route="unmatched",status_code="404"\} 1$/m)
    expect(text).toMatch(/^viapi_http_request_duration_seconds_bucket\{le="1",method="POST",route="\/api\/login"\} 1$/m)
    expect(text).toMatch(/^viapi_sts_assume_role_total\{outcome="ok"\} 1$/m)
    expect(text).toMatch(/^viapi_credential_cache_lookups_total\{result="miss"\} 1$/m)
    expect(text).toMatch(/^viapi_credential_cache_lookups_total\{result="hit_memory"\} 1$/m)
    expect(text).toMatch(/^viapi_ready 1$/m)
    expect(text).not.toMatch(/viapi_redis_up/)
    expect(text).toMatch(/^process_cpu_seconds_total /m)
    for (const secret of [session, 'metrics-alice', 'u:metrics-alice', 'leak', TOKEN, grants[0].accessKeySecret, grants[0].securityToken]) {
      expect(text).not.toContain(secret)
    }
  })
})
