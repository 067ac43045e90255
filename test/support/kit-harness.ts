// No test framework here: bench/ imports this too.
import { createFetchTransport, createViapiKit, fromBackend, type StsGrant, type Transport, type ViapiKitOptions } from '../../src/lib'
import { createClock, type Clock } from '../../src/lib/credentials'
import type { Stack } from '../../scripts/stack'
import { recordingTransport, type Recorder, type Sent } from './recording-transport'

/** The bucket of the stack's default configuration. */
export const BUCKET = 'viapi-kit-dev'

/** Logs in like the app does: a fresh one-time code each time, over the kit's own transport. */
export async function loginToken(stack: Stack, user: string, transport: Transport = createFetchTransport()): Promise<string> {
  const code = stack.emulator!.mintLoginCode('h5', user)
  const res = await transport.request({
    url: `${stack.backendUrl}/api/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ platform: 'h5', code }),
  })
  if (res.status !== 200) throw new Error(`login of ${user} failed: HTTP ${res.status} ${res.body}`)
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

/**
 * A kit for one user built exactly like the app builds it (createViapiKit + fromBackend +
 * createFetchTransport) over a recording transport, against an in-process stack; it logs in with a
 * fresh one-time code whenever the backend asks for a new session.
 */
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
