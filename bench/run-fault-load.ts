import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { startEmulator, type RunningEmulator } from '../emulator'
import { buildServer } from '../server/app'
import { loadConfig } from '../server/config'
import { drain } from '../server/health/drain'
import { startRedis, type TestRedis } from '../test/scale/redis-server'
import { BUCKET } from '../test/support/kit-harness'
import { runUser, type Timed, type UserLog } from './fault-load-users'
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy'

export interface FaultLoadOptions {
  users: number
  photo: Uint8Array
  /** The whole run; users start visits until then. */
  durationMs: number
  /** When Redis stops, and for how long (then it starts again, empty). */
  redisStopAtMs: number
  redisDownMs: number
  /** When instance A gets the SIGTERM equivalent (drain: /readyz 503 for drainMs, then close). */
  drainAtMs: number
  drainMs: number
  /** Visits per app launch (each launch asks /api/sts). @default 2 */
  visitsPerLaunch?: number
  /** Launches per login (each login spends a fresh code). @default 3 */
  launchesPerLogin?: number
  /** Pause between one user's visits. @default 100 */
  thinkMs?: number
}

export interface FaultLoadReport {
  users: number
  instances: number
  runSeconds: number
  visits: number
  successes: number
  /** `<ErrorClass>:<code>`; anything outside the KitError family counts as `untyped:…`. */
  failures: Record<string, number>
  /** Every request the devices made: backend calls (through the proxy), uploads, API calls. */
  requests: { total: number; backend: number; uploads: number; api: number }
  /** Backend answers by HTTP status, as the devices saw them. */
  backendStatuses: Record<string, number>
  slowest: { ms: number; what: string }
  slowestBackend: { ms: number; what: string }
  /**
   * AssumeRole calls (the emulator's STS counter) against the bound: per user, one per instance
   * that had to mint without the other's shared copy (Redis down or restarted empty), plus one
   * per key the user reported stale.
   */
  assumeRole: { calls: number; bound: number; maxPerUser: number; usersOverBound: number }
  uploads: { acknowledged: number; missing: number }
  /** Requests each instance answered (A is drained midway). */
  perInstance: number[]
  /** While Redis was down: credentials handed out, logins refused (503) and accepted (must be 0). */
  outage: { stsAnswered: number; loginsRefused: number; loginsAccepted: number }
  /**
   * The drain: how long from SIGTERM to closed, and how long after SIGTERM the proxy last sent
   * instance A a request (it should stop within its 200 ms health-check interval, well before close).
   */
  timeline: { redisDownSeconds: number; drainClosedSeconds: number; lastRequestToDrainedMs: number }
}

interface Faults {
  redisDown: [number, number]
  drainStartedAt: number
  drainClosedSeconds: number
}

interface Rig {
  redis: TestRedis
  emulator: RunningEmulator
  backends: FastifyInstance[]
  proxy: RoundRobinProxy
}

async function startRig(): Promise<Rig> {
  const redis = await startRedis()
  const emulator = await startEmulator({ port: 0, quiet: true })
  const env = {
    LOG_LEVEL: 'silent',
    EMULATOR_URL: emulator.url,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    REDIS_URL: redis.url,
    // Every simulated user shares 127.0.0.1; in the field each has its own address.
    RATE_LIMIT_PER_MINUTE: '1000000',
    STS_RATE_LIMIT_PER_MINUTE: '1000000',
  }
  const backends = [buildServer(loadConfig(env)), buildServer(loadConfig(env))]
  const urls = await Promise.all(backends.map(async (b) => (await b.listen({ host: '127.0.0.1', port: 0 })).replace('[::1]', '127.0.0.1')))
  return { redis, emulator, backends, proxy: await startRoundRobinProxy(urls) }
}

async function stopRig(rig: Rig): Promise<void> {
  await rig.proxy.close()
  await Promise.all(rig.backends.map((b) => b.close()))
  await rig.emulator.close()
  await rig.redis.stop()
}

/**
 * Issue 21's fault-under-load run: two backend instances share one real redis-server behind a
 * round-robin proxy; `users` simulated users visit (login → STS → upload → API; the app relaunches
 * every few visits and logs in again every few launches) through the kit and the emulator. Midway Redis stops for `redisDownMs` and
 * comes back empty; later instance A drains and closes. Shared by test/scale/fault-load.test.ts
 * (which asserts the properties at small scale) and `npm run bench` (which reports them).
 */
export async function runFaultLoad(options: FaultLoadOptions): Promise<FaultLoadReport> {
  const rig = await startRig()
  try {
    await warmUp(rig, options.photo)
    const stsBefore = rig.emulator.counters().sts
    const started = Date.now()
    const timeline = scheduleFaults(rig, options, started)
    const logs = await Promise.all(
      Array.from({ length: options.users }, (_, i) =>
        runUser({
          user: `load-u${String(i).padStart(3, '0')}`,
          // Users arrive over the first second, not all in the same millisecond.
          startAt: started + Math.round((i * 1000) / options.users),
          emulator: rig.emulator,
          backendUrl: rig.proxy.url,
          photo: options.photo,
          visitsPerLaunch: options.visitsPerLaunch ?? 2,
          launchesPerLogin: options.launchesPerLogin ?? 3,
          thinkMs: options.thinkMs ?? 100,
          until: started + options.durationMs,
        }),
      ),
    )
    const faults = await timeline
    const runSeconds = (Date.now() - started) / 1000
    return summarize(rig, logs, { calls: rig.emulator.counters().sts - stsBefore, runSeconds, ...faults })
  } finally {
    await stopRig(rig)
  }
}

/** A service in production is warm: one visit per instance before the clock starts. */
async function warmUp(rig: Rig, photo: Uint8Array): Promise<void> {
  await Promise.all(
    rig.backends.map((_, i) =>
      runUser({
        user: `warm-u${i}`,
        startAt: Date.now(),
        emulator: rig.emulator,
        backendUrl: rig.proxy.url,
        photo,
        visitsPerLaunch: 1,
        launchesPerLogin: 1,
        thinkMs: 0,
        until: Date.now() + 1,
      }),
    ),
  )
}

/** Redis stop and restart, then the drain of instance A, at their times; resolves when all happened. */
async function scheduleFaults(rig: Rig, o: FaultLoadOptions, started: number): Promise<Faults> {
  const at = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, started + ms - Date.now())))
  await at(o.redisStopAtMs)
  const down = Date.now()
  await rig.redis.stop()
  await at(o.redisStopAtMs + o.redisDownMs)
  await rig.redis.restart()
  const up = Date.now()
  await at(o.drainAtMs)
  const drainStart = Date.now()
  await drain(rig.backends[0], o.drainMs)
  return { redisDown: [down, up], drainStartedAt: drainStart, drainClosedSeconds: (Date.now() - drainStart) / 1000 }
}

/** What the backend answered while Redis was down (from 300 ms after it stopped until it started). */
function duringOutage(timings: Timed[], [down, up]: [number, number]): FaultLoadReport['outage'] {
  const inside = timings.filter((t) => t.at >= down + 300 && t.at <= up)
  const count = (what: string, ok: (s?: number) => boolean) => inside.filter((t) => t.what === what && ok(t.status)).length
  return {
    stsAnswered: count('POST /api/sts', (s) => s === 200),
    loginsRefused: count('POST /api/login', (s) => s === 503),
    loginsAccepted: count('POST /api/login', (s) => s === 200),
  }
}

const add = (into: Record<string, number>, key: string, n = 1) => {
  into[key] = (into[key] ?? 0) + n
}

function summarize(rig: Rig, logs: UserLog[], facts: Faults & { calls: number; runSeconds: number }): FaultLoadReport {
  const failures: Record<string, number> = {}
  const backendStatuses: Record<string, number> = {}
  for (const log of logs) for (const [k, n] of Object.entries(log.failures)) add(failures, k, n)
  const timings = logs.flatMap((l) => l.timings)
  const backend = timings.filter((t) => t.what.includes('/api/'))
  for (const t of backend) add(backendStatuses, String(t.status ?? 'no answer'))
  const slowest = (ts: typeof timings) => ts.reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, what: '—' })
  const stored = new Set(rig.emulator.state.objects.keys(BUCKET))
  const acknowledged = logs.flatMap((l) =>
    l.sent.filter((s) => s.kind === 'upload' && s.status !== undefined && s.status >= 200 && s.status < 300 && s.key),
  )
  const perUser = logs.map((l) => ({
    minted: new Set(l.grants.map((g) => g.credentials.accessKeyId)).size,
    bound: rig.backends.length + staleKeys(l),
  }))
  const round = (ms: number) => Math.round(ms)
  return {
    users: logs.length,
    instances: rig.backends.length,
    runSeconds: Math.round(facts.runSeconds * 10) / 10,
    visits: logs.reduce((n, l) => n + l.visits, 0),
    successes: logs.reduce((n, l) => n + l.successes, 0),
    failures,
    requests: {
      total: timings.length,
      backend: backend.length,
      uploads: timings.filter((t) => t.what === 'upload').length,
      api: timings.length - backend.length - timings.filter((t) => t.what === 'upload').length,
    },
    backendStatuses,
    slowest: { ...slowest(timings), ms: round(slowest(timings).ms) },
    slowestBackend: { ...slowest(backend), ms: round(slowest(backend).ms) },
    assumeRole: {
      calls: facts.calls,
      bound: perUser.reduce((n, u) => n + u.bound, 0),
      maxPerUser: Math.max(...perUser.map((u) => u.minted)),
      usersOverBound: perUser.filter((u) => u.minted > u.bound).length,
    },
    uploads: { acknowledged: acknowledged.length, missing: acknowledged.filter((s) => !stored.has(s.key!)).length },
    perInstance: [...rig.proxy.forwarded],
    outage: duringOutage(timings, facts.redisDown),
    timeline: {
      redisDownSeconds: Math.round((facts.redisDown[1] - facts.redisDown[0]) / 100) / 10,
      drainClosedSeconds: Math.round(facts.drainClosedSeconds * 10) / 10,
      lastRequestToDrainedMs: rig.proxy.lastForwardAt[0] - facts.drainStartedAt,
    },
  }
}

/** Keys the user reported stale to /api/sts: each allows one more AssumeRole. */
function staleKeys(log: UserLog): number {
  return new Set(
    log.sent.flatMap((s) => {
      if (s.kind !== 'backend' || !s.url.endsWith('/api/sts') || !s.body) return []
      const key = (JSON.parse(s.body) as { staleAccessKeyId?: string }).staleAccessKeyId
      return key ? [key] : []
    }),
  ).size
}
