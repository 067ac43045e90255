import {
  createFetchTransport,
  createViapiKit,
  fromBackend,
  KitError,
  ServiceError,
  type StsGrant,
  type Transport,
  recognizeBankCardOperation,
} from '../src/lib'
import type { RunningEmulator } from '../emulator'
import { recordingTransport, type Sent } from '../test/support/recording-transport'

/** One answer as the device saw it: what, how long, and its HTTP status (none = no answer). */
export interface Timed {
  what: string
  ms: number
  status?: number
  /** When it was sent (epoch ms). */ at: number
}

/** What one simulated user did over the run. */
export interface UserLog {
  visits: number
  successes: number
  failures: Record<string, number>
  timings: Timed[]
  sent: Sent[]
  grants: StsGrant[]
}

export interface UserPlan {
  user: string
  emulator: RunningEmulator
  /** The load balancer's URL: every backend call goes through it. */
  backendUrl: string
  photo: Uint8Array
  /** The app is relaunched (a new kit: /api/sts again, credentials live in memory) every this many visits. */
  visitsPerLaunch: number
  /** The stored session is dropped (a new login with a fresh code) every this many launches. */
  launchesPerLogin: number
  thinkMs: number
  /** When the first visit starts and when the last may start (epoch ms). */
  startAt: number
  until: number
}

/** A transport timing every request and upload to its answer (or its failure). */
function timedTransport(inner: Transport, timings: Timed[]): Transport {
  const what = (method: string, url: string) => `${method} ${url.includes('/api/') ? new URL(url).pathname : new URL(url).host}`
  // One timing per call, kept even when the call throws: its status stays unset then.
  const timed = async <T extends { status: number }>(label: string, call: () => Promise<T>): Promise<T> => {
    const t0 = performance.now()
    const entry: Timed = { what: label, ms: 0, at: Date.now() }
    try {
      const res = await call()
      entry.status = res.status
      return res
    } finally {
      entry.ms = performance.now() - t0
      timings.push(entry)
    }
  }
  return {
    ...inner,
    request: (req) => timed(what(req.method, req.url), () => inner.request(req)),
    uploadFile: (req) => timed('upload', () => inner.uploadFile(req)),
  }
}

/** Logs in as the app does (src/services/session.ts): a fresh code, a typed error on refusal. */
async function login(plan: UserPlan, transport: Transport): Promise<string> {
  const res = await transport.request({
    url: `${plan.backendUrl}/api/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ platform: 'h5', code: plan.emulator.mintLoginCode('h5', plan.user) }),
  })
  const body = JSON.parse(res.body || '{}') as { token?: string; code?: string; message?: string }
  if (res.status === 200 && body.token) return body.token
  throw new ServiceError(
    { service: 'backend', status: res.status, code: body.code ?? `Http${res.status}`, message: body.message ?? 'login failed' },
    { recovery: res.status >= 500 ? 'backoff' : 'none', hint: 'Logging in failed; try again.' },
  )
}

/** The session token as the app stores it: it outlives a launch, and a refused login is not kept. */
interface SessionStore {
  token?: Promise<string>
}

/** One launch's kit, built as the app builds it (fromBackend over the same transport). */
function launchKit(plan: UserPlan, transport: Transport, session: SessionStore, grants: StsGrant[]) {
  const backend = fromBackend({
    transport,
    backendUrl: plan.backendUrl,
    getSessionToken: (renew) => {
      if (renew || !session.token) {
        const attempt = login(plan, transport)
        attempt.catch(() => {
          if (session.token === attempt) session.token = undefined
        })
        session.token = attempt
      }
      return session.token
    },
  })
  return createViapiKit({
    transport,
    grants: async (stale) => {
      const g = await backend(stale)
      grants.push(g)
      return g
    },
  })
}

const label = (err: unknown) =>
  err instanceof KitError ? `${err.name}:${err.code}` : `untyped:${(err as Error).name}:${(err as Error).message}`

/**
 * Visits (recognize one bank card) until `plan.until`: a relaunch every `visitsPerLaunch` visits
 * (credentials from /api/sts again), a new login every `launchesPerLogin` launches.
 */
export async function runUser(plan: UserPlan): Promise<UserLog> {
  const log: UserLog = { visits: 0, successes: 0, failures: {}, timings: [], sent: [], grants: [] }
  const rec = recordingTransport(timedTransport(createFetchTransport(), log.timings))
  log.sent = rec.sent
  const session: SessionStore = {}
  let launches = 0
  let kit = launchKit(plan, rec.transport, session, log.grants)
  await new Promise((r) => setTimeout(r, Math.max(0, plan.startAt - Date.now())))
  while (Date.now() < plan.until) {
    if (log.visits > 0 && log.visits % plan.visitsPerLaunch === 0) {
      if (++launches % plan.launchesPerLogin === 0) session.token = undefined
      kit = launchKit(plan, rec.transport, session, log.grants)
    }
    log.visits++
    try {
      const r = await kit.recognize(recognizeBankCardOperation, { path: plan.photo, contentType: 'image/jpeg', size: plan.photo.length })
      if (!/^\d{16,19}$/.test(r.cardNumber)) throw new Error(`unexpected card number ${r.cardNumber}`)
      log.successes++
    } catch (err) {
      log.failures[label(err)] = (log.failures[label(err)] ?? 0) + 1
    }
    await new Promise((r) => setTimeout(r, plan.thinkMs))
  }
  return log
}
