import { randomBytes } from 'node:crypto'
import autocannon from 'autocannon'
import type { FastifyInstance } from 'fastify'
import { startEmulator, type RunningEmulator } from '../emulator'
import { buildServer } from '../server/app'
import { loadConfig } from '../server/config'
import { fmt, type Row } from './types'

const USERS = 200
const CONNECTIONS = 10
const DURATION_S = 5
const STS_LATENCY_MS = 50

interface Load {
  rps: number
  p50: number
  p99: number
  errors: number
  non2xx: number
  stsCalls: number
}

async function backend(emulator: RunningEmulator, secret: string, stsCache: 'on' | 'off'): Promise<{ app: FastifyInstance; url: string }> {
  const app = buildServer(
    loadConfig({
      LOG_LEVEL: 'silent',
      EMULATOR_URL: emulator.url,
      SESSION_SECRET: secret,
      PORT: '0',
      STS_CACHE: stsCache,
      // The limits protect production; here they would only measure themselves.
      RATE_LIMIT_PER_MINUTE: '1000000',
      STS_RATE_LIMIT_PER_MINUTE: '1000000',
    }),
  )
  return { app, url: (await app.listen({ host: '127.0.0.1', port: 0 })).replace('[::1]', '127.0.0.1') }
}

async function load(url: string, tokens: string[], emulator: RunningEmulator): Promise<Load> {
  let next = 0
  const sts0 = emulator.counters().sts
  const result = await autocannon({
    url: `${url}/api/sts`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    // Each request is a different user (own session token), round-robin over all of them.
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` } }),
      },
    ],
  })
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    // Requests still in flight when the run stops reach STS a moment later: let them land here.
    stsCalls: await new Promise<number>((r) => setTimeout(() => r(emulator.counters().sts - sts0), 500)),
  }
}

/**
 * `/api/sts` under load on loopback, STS answering after 50 ms (emulator latency fault), with and
 * without the per-user credential cache (`STS_CACHE=off`). 200 users, each with its own session.
 */
export async function stsThroughput(): Promise<Row[]> {
  const emulator = await startEmulator({ port: 0, quiet: true })
  const secret = randomBytes(32).toString('base64url')
  const cached = await backend(emulator, secret, 'on')
  const uncached = await backend(emulator, secret, 'off')
  try {
    const tokens: string[] = []
    for (let i = 0; i < USERS; i++) {
      const code = emulator.mintLoginCode('h5', `bench-user-${i}`)
      const res = await fetch(`${cached.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ platform: 'h5', code }),
      })
      tokens.push(((await res.json()) as { token: string }).token)
    }
    emulator.setFaults({ rules: [{ service: 'sts', kind: 'latency', ms: STS_LATENCY_MS }] })
    // Steady state for the cache: every user has fetched credentials once (as at app launch).
    for (let i = 0; i < tokens.length; i += 20) {
      const statuses = await Promise.all(
        tokens
          .slice(i, i + 20)
          .map(async (t) => (await fetch(`${cached.url}/api/sts`, { method: 'POST', headers: { authorization: `Bearer ${t}` } })).status),
      )
      if (statuses.some((s) => s !== 200)) throw new Error(`warm-up /api/sts answered ${statuses.join(',')}`)
    }
    const off = await load(uncached.url, tokens, emulator)
    const on = await load(cached.url, tokens, emulator)
    const line = (l: Load) => {
      const failed = l.errors + l.non2xx > 0 ? `, ${l.errors + l.non2xx} failed` : ''
      return `${fmt.int(l.rps)} req/s, p50 ${l.p50} ms, p99 ${l.p99} ms, ${fmt.int(l.stsCalls)} AssumeRoles${failed}`
    }
    const ratio = on.rps / Math.max(off.rps, 1)
    return [
      {
        section: 'Backend /api/sts',
        metric: `throughput and latency, ${USERS} users, ${CONNECTIONS} connections, ${DURATION_S} s each, STS +${STS_LATENCY_MS} ms`,
        baseline: `${line(off)} (STS_CACHE=off)`,
        ours: line(on),
        ratio: `${fmt.x(ratio)} throughput`,
        target: '≥ 20×',
        pass: ratio >= 20 && on.errors + on.non2xx === 0 && off.errors + off.non2xx === 0,
      },
    ]
  } finally {
    emulator.clearFaults()
    await cached.app.close()
    await uncached.app.close()
    await emulator.close()
  }
}
