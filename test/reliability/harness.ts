// Shared wiring of the fault tests: the in-process stack (emulator + backend on port 0), a kit per
// user built exactly like the app builds it (createViapiKit + fromBackend + createFetchTransport),
// and a recording transport that notes what every request was signed with and how it ended.
import { expect } from 'vitest'
import {
  createClock,
  createFetchTransport,
  createViapiKit,
  fromBackend,
  type Clock,
  type HttpRequest,
  type HttpResponse,
  type StsGrant,
  type Transport,
  type UploadRequest,
  type ViapiKitOptions,
} from '../../src/lib'
import { startStack, type Stack } from '../../scripts/stack'

export interface Sent {
  kind: 'backend' | 'rpc' | 'upload'
  url: string
  /** The STS security token the request was signed with (none for backend calls). */
  token?: string
  nonce?: string
  timestamp?: string
  /** x-oss-date / policy of an upload. */
  ossDate?: string
  policy?: string
  key?: string
  body?: string
  status?: number
  error?: string
}

export function startReliabilityStack(backendEnv: Record<string, string> = {}): Promise<Stack> {
  return startStack({ emulatorPort: 0, backendPort: 0, env: {}, backendEnv })
}

function rpcSigning(req: HttpRequest): Pick<Sent, 'token' | 'nonce' | 'timestamp'> {
  const h = req.headers ?? {}
  if (h['x-acs-signature-nonce']) return { token: h['x-acs-security-token'], nonce: h['x-acs-signature-nonce'], timestamp: h['x-acs-date'] }
  const form = Object.fromEntries(new URLSearchParams(req.body ?? ''))
  return { token: form.SecurityToken, nonce: form.SignatureNonce, timestamp: form.Timestamp }
}

export interface Recorder {
  transport: Transport
  sent: Sent[]
  /** Runs after every upload that got an HTTP answer or failed (before the kit sees the outcome). */
  afterUpload?: (req: UploadRequest, outcome: HttpResponse | Error) => void | Promise<void>
  /** Runs before every request leaves (tokens in use are checked here). */
  beforeSend?: (sent: Sent) => void
}

export function recordingTransport(inner: Transport): Recorder {
  const rec: Recorder = {
    sent: [],
    transport: {
      platform: inner.platform,
      async request(req) {
        const kind = req.url.includes('/api/') ? 'backend' : 'rpc'
        const entry: Sent = { kind, url: req.url.split('?')[0], body: req.body, ...(kind === 'rpc' ? rpcSigning(req) : {}) }
        rec.beforeSend?.(entry)
        rec.sent.push(entry)
        try {
          const res = await inner.request(req)
          entry.status = res.status
          return res
        } catch (err) {
          entry.error = (err as { code?: string }).code ?? (err as Error).name
          throw err
        }
      },
      async uploadFile(req) {
        const f = req.formData
        const entry: Sent = { kind: 'upload', url: req.url, token: f['x-oss-security-token'], ossDate: f['x-oss-date'], policy: f.policy, key: f.key }
        rec.beforeSend?.(entry)
        rec.sent.push(entry)
        try {
          const res = await inner.uploadFile(req)
          entry.status = res.status
          await rec.afterUpload?.(req, res)
          return res
        } catch (err) {
          entry.error = (err as { code?: string }).code ?? (err as Error).name
          await rec.afterUpload?.(req, err as Error)
          throw err
        }
      },
    },
  }
  return rec
}

/** Logs in like the app does: a fresh one-time code each time, over the kit's own transport. */
export async function loginToken(stack: Stack, user: string, transport: Transport = createFetchTransport()): Promise<string> {
  const code = stack.emulator!.mintLoginCode('h5', user)
  const res = await transport.request({
    url: `${stack.backendUrl}/api/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ platform: 'h5', code }),
  })
  expect(res.status).toBe(200)
  return (JSON.parse(res.body) as { token: string }).token
}

export interface KitHarness {
  kit: ReturnType<typeof createViapiKit>
  rec: Recorder
  clock: Clock
  /** Every grant the provider handed out, in order. */
  grants: StsGrant[]
  /** Tokens the provider had already replaced when a request was signed with them. */
  staleSends: Sent[]
  sleeps: number[]
}

export interface KitHarnessOptions extends Partial<Omit<ViapiKitOptions, 'transport' | 'grants'>> {
  /** Device clock error, ms (the kit's clock reads Date.now() + skew). */
  skewMs?: number
  backendTimeoutMs?: number
  /** Real sleeps (default: recorded, not slept, so backoff is measured without slowing tests). */
  realSleep?: boolean
  /** The fetch under the transport (tests that cut a body short pass their own). */
  fetch?: typeof fetch
}

export function kitFor(stack: Stack, user: string, options: KitHarnessOptions = {}): KitHarness {
  const rec = recordingTransport(createFetchTransport(options.fetch ? { fetch: options.fetch } : {}))
  const clock = options.clock ?? createClock(() => Date.now() + (options.skewMs ?? 0))
  const grants: StsGrant[] = []
  const staleSends: Sent[] = []
  const sleeps: number[] = []
  let session: Promise<string> | undefined
  const backend = fromBackend({
    transport: rec.transport,
    backendUrl: stack.backendUrl,
    timeoutMs: options.backendTimeoutMs,
    getSessionToken: async (renew) => {
      if (renew || !session) {
        const attempt = loginToken(stack, user, rec.transport)
        // A failed login is not remembered: the next call logs in again with a new code.
        attempt.catch(() => {
          if (session === attempt) session = undefined
        })
        session = attempt
      }
      return session
    },
  })
  rec.beforeSend = (s) => {
    const latest = grants[grants.length - 1]
    if (s.token && latest && s.token !== latest.credentials.securityToken) staleSends.push(s)
  }
  const kit = createViapiKit({
    transport: rec.transport,
    clock,
    sleep: options.realSleep ? undefined : async (ms) => void sleeps.push(ms),
    ...options,
    grants: async (stale) => {
      const g = await backend(stale)
      grants.push(g)
      return g
    },
  })
  return { kit, rec, clock, grants, staleSends, sleeps }
}

/** Counter deltas of the emulator around `fn`. */
export async function countDuring<T>(stack: Stack, fn: () => Promise<T>): Promise<{ result: T; delta: Record<string, number> }> {
  const before = stack.emulator!.counters() as Record<string, number>
  const result = await fn()
  const after = stack.emulator!.counters() as Record<string, number>
  const delta: Record<string, number> = {}
  for (const k of Object.keys(after)) delta[k] = after[k] - (before[k] ?? 0)
  return { result, delta }
}

export const BUCKET = 'viapi-kit-dev'
