import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { buildServer } from '../../server/app'
import { loadConfig } from '../../server/config'
import { startRedis, type TestRedis } from './redis-server'

/**
 * Scale-out: two backend instances behind an imaginary load balancer, sharing one real
 * redis-server through REDIS_URL and one SESSION_SECRET. The emulator counts AssumeRoles.
 */
let redis: TestRedis
let emulator: RunningEmulator
const servers: FastifyInstance[] = []
let a: string
let b: string
const sessionSecret = randomBytes(32).toString('base64url')

async function startBackend(env: Record<string, string>): Promise<string> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    EMULATOR_URL: emulator.url,
    SESSION_SECRET: sessionSecret,
    PORT: '0',
    STS_RATE_LIMIT_PER_MINUTE: '6',
    RATE_LIMIT_PER_MINUTE: '1000',
    ...env,
  })
  const app = buildServer(config)
  servers.push(app)
  return (await app.listen({ host: '127.0.0.1', port: 0 })).replace('[::1]', '127.0.0.1')
}

beforeAll(async () => {
  redis = await startRedis()
  emulator = await startEmulator({ port: 0, quiet: true })
  a = await startBackend({ REDIS_URL: redis.url })
  b = await startBackend({ REDIS_URL: redis.url })
})
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
  await emulator?.close()
  await redis?.stop()
})

async function login(base: string, code: string): Promise<{ status: number; body: Record<string, string> }> {
  const res = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ platform: 'h5', code }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, string> }
}

async function token(base: string, user: string): Promise<string> {
  const r = await login(base, emulator.mintLoginCode('h5', user))
  expect(r.status).toBe(200)
  return r.body.token
}

async function sts(base: string, tok: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}/api/sts`, { method: 'POST', headers: { authorization: `Bearer ${tok}` } })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('two backend instances sharing Redis', () => {
  it('one AssumeRole per user per validity window across both instances', async () => {
    const users = ['scale-u1', 'scale-u2', 'scale-u3']
    const before = emulator.counters().sts
    for (const user of users) {
      // A session minted on A is valid on B (same SESSION_SECRET): stateless sessions.
      const tok = await token(a, user)
      const keys = new Set<unknown>()
      for (const base of [a, b, a, b]) {
        const r = await sts(base, tok)
        expect(r.status).toBe(200)
        keys.add(r.body.accessKeyId)
      }
      expect(keys.size).toBe(1)
    }
    expect(emulator.counters().sts - before).toBe(users.length)
  })

  it('two concurrent first requests for one user on two instances cause one AssumeRole', async () => {
    // Slow STS widens the race: without the cross-instance lock both instances would mint.
    emulator.setFaults({ rules: [{ service: 'sts', kind: 'latency', ms: 200 }] })
    try {
      const tok = await token(b, 'scale-race')
      const before = emulator.counters().sts
      const [x, y] = await Promise.all([sts(a, tok), sts(b, tok)])
      expect([x.status, y.status]).toEqual([200, 200])
      expect(y.body.accessKeyId).toBe(x.body.accessKeyId)
      expect(emulator.counters().sts - before).toBe(1)
    } finally {
      emulator.clearFaults()
    }
  })

  it('a login code used on one instance is refused on the other', async () => {
    const code = emulator.mintLoginCode('h5', 'scale-replay')
    expect((await login(a, code)).status).toBe(200)
    const replay = await login(b, code)
    expect(replay.status).toBe(401)
    // The backend's shared claim refused it, before the provider was asked again.
    expect(replay.body.code).toBe('CodeReplayed')
  })

  it('the per-user credential rate limit is shared: 6 per minute in total, not 6 per instance', async () => {
    const tok = await token(a, 'scale-limit')
    const statuses: number[] = []
    for (const base of [a, b, a, b, a, b, a, b]) statuses.push((await sts(base, tok)).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429])
  })

  it('control: two instances without Redis each count (and mint) on their own', async () => {
    const c = await startBackend({})
    const d = await startBackend({})
    const tokC = await token(c, 'scale-control')
    // No shared secret store either: each instance has its own AssumeRole cache.
    const before = emulator.counters().sts
    const statuses: number[] = []
    for (const base of [c, d, c, d, c, d, c, d]) statuses.push((await sts(base, tokC)).status)
    expect(statuses.filter((s) => s === 200).length).toBe(8)
    expect(emulator.counters().sts - before).toBe(2)
  })
})
