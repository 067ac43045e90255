import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { buildServer } from '../../server/app'
import { loadConfig } from '../../server/config'
import { startRedis, type TestRedis } from './redis-server'

/**
 * Redis goes away under a running backend (issue 21): stopped (connections refused) and paused
 * (connections open, no answers). /readyz says so, credentials are still minted from memory, rate
 * limits count per instance, logins fail closed with a typed 503, no answer waits more than
 * ~1.5 s, and everything comes back by itself.
 */
const METRICS_TOKEN = randomBytes(24).toString('hex')
const BUDGET_MS = 1500
let redis: TestRedis
let emulator: RunningEmulator
let backend: FastifyInstance
let base: string

beforeAll(async () => {
  redis = await startRedis()
  emulator = await startEmulator({ port: 0, quiet: true })
  backend = buildServer(
    loadConfig({
      LOG_LEVEL: 'silent',
      EMULATOR_URL: emulator.url,
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      REDIS_URL: redis.url,
      METRICS_TOKEN,
      STS_RATE_LIMIT_PER_MINUTE: '3',
      RATE_LIMIT_PER_MINUTE: '1000',
    }),
  )
  base = (await backend.listen({ host: '127.0.0.1', port: 0 })).replace('[::1]', '127.0.0.1')
})
afterAll(async () => {
  await backend?.close()
  await emulator?.close()
  await redis?.stop()
})
beforeEach(async () => {
  // Each test starts with Redis running and the backend ready.
  await untilReady(200)
})

interface Answer {
  status: number
  ms: number
  headers: Headers
  body: Record<string, unknown>
}

async function call(path: string, init: RequestInit = {}): Promise<Answer> {
  const t0 = performance.now()
  const res = await fetch(`${base}${path}`, init)
  const text = await res.text()
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    body = { text }
  }
  return { status: res.status, ms: performance.now() - t0, headers: res.headers, body }
}

const login = (code: string) =>
  call('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ platform: 'h5', code }) })
const sts = (bearer: string) => call('/api/sts', { method: 'POST', headers: { authorization: `Bearer ${bearer}` } })
const metrics = async () => (await call('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body.text as string

async function token(user: string): Promise<string> {
  const r = await login(emulator.mintLoginCode('h5', user))
  expect(r.status).toBe(200)
  return r.body.token as string
}

/** Polls /readyz until it answers `status`; returns how long that took. */
async function untilReady(status: 200 | 503, withinMs = 5000): Promise<number> {
  const t0 = Date.now()
  for (;;) {
    if ((await call('/readyz')).status === status) return Date.now() - t0
    if (Date.now() - t0 > withinMs) throw new Error(`/readyz did not answer ${status} within ${withinMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

function expectLoginUnavailable(r: Answer): void {
  expect(r.status).toBe(503)
  expect(r.body.code).toBe('LoginUnavailable')
  expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
}

describe('Redis stopped, then started again', () => {
  it('/readyz 503 → 200, STS mints from memory, logins answer 503 + Retry-After, nothing slow', async () => {
    const before = await token('fault-stop-before')
    expect((await sts(before)).status).toBe(200)

    await redis.stop()
    await untilReady(503)
    const ready = await call('/readyz')
    expect(ready.body).toMatchObject({ code: 'NotReady', checks: { redis: 'down', config: 'loaded' } })
    expect((await call('/healthz')).status).toBe(200)

    const answers: Answer[] = []
    const minted = emulator.counters().sts
    // A session from before the outage, no credentials cached anywhere for this user yet: minted here.
    const fresh = await call('/api/sts', {
      method: 'POST',
      headers: { authorization: `Bearer ${await sessionMadeBefore('fault-stop-new')}` },
    })
    answers.push(fresh)
    expect(fresh.status).toBe(200)
    expect(emulator.counters().sts - minted).toBe(1)
    answers.push(await sts(before))
    expect(answers[1].status).toBe(200)
    const refused = await login(emulator.mintLoginCode('h5', 'fault-stop-login'))
    answers.push(refused)
    expectLoginUnavailable(refused)
    for (const a of answers) expect(a.ms).toBeLessThan(BUDGET_MS)

    const text = await metrics()
    expect(text).toMatch(/^viapi_redis_up 0$/m)
    expect(text).toMatch(/^viapi_ready 0$/m)
    expect(text).toMatch(/^viapi_store_fallbacks_total\{use="credential_cache"\} [1-9]/m)

    await redis.restart()
    expect(await untilReady(200)).toBeLessThan(3000)
    const after = await login(emulator.mintLoginCode('h5', 'fault-stop-after'))
    expect(after.status).toBe(200)
    expect((await sts(after.body.token as string)).status).toBe(200)
    expect(await metrics()).toMatch(/^viapi_redis_up 1$/m)
  }, 30_000)

  it('the per-user limit still holds during the outage, counted by this instance', async () => {
    const tok = await token('fault-limit')
    await redis.stop()
    await untilReady(503)
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await sts(tok)).status)
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    await redis.restart()
    await untilReady(200)
  }, 30_000)
})

describe('Redis paused (connections open, no answer)', () => {
  it('answers within the budget while paused and recovers once Redis answers again', async () => {
    const tok = await token('fault-pause')
    redis.pause()
    try {
      const answers = [
        await sts(tok),
        await login(emulator.mintLoginCode('h5', 'fault-pause-login')),
        await sts(await sessionMadeBefore('fault-pause-new')),
      ]
      for (const a of answers) expect(a.ms).toBeLessThan(BUDGET_MS)
      expect(answers[0].status).toBe(200)
      expectLoginUnavailable(answers[1])
      expect(answers[2].status).toBe(200)
      expect((await call('/readyz')).status).toBe(503)
    } finally {
      redis.resume()
    }
    expect(await untilReady(200)).toBeLessThan(3000)
    expect((await login(emulator.mintLoginCode('h5', 'fault-pause-after'))).status).toBe(200)
  }, 30_000)
})

// Sessions are stateless (HMAC): one signed while Redis ran stays valid during the outage.
const sessions = new Map<string, Promise<string>>()
function sessionMadeBefore(user: string): Promise<string> {
  return sessions.get(user) ?? Promise.reject(new Error(`no session made before the outage for ${user}`))
}
beforeAll(async () => {
  for (const user of ['fault-stop-new', 'fault-pause-new']) sessions.set(user, Promise.resolve(await token(user)))
})
