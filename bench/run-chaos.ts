import { KitError, recognizeBankCardOperation } from '../src/lib'
import { startStack, type Stack } from '../scripts/stack'
import { BUCKET, kitFor, type KitHarness } from '../test/support/kit-harness'
import { seededRandom } from '../test/support/seeded-random'
import { createFaultDraw, faultEveryRequest, type FaultDraw } from './chaos-faults'

export interface ChaosOptions {
  seed: number
  users: number
  recognitionsPerUser: number
  /** Share of cloud-bound requests that get a fault. @default 0.2 */
  faultRate?: number
  /** The bank-card photo every recognition sends. */
  photo: Uint8Array
}

export interface ChaosReport {
  seed: number
  users: number
  recognitions: number
  successes: number
  /** `<ErrorClass>:<code>` → count; an error outside the KitError family counts as `untyped:<name>:<message>`. */
  failures: Record<string, number>
  /** Faults that reached a request, by service and kind (`oss:drop` …). */
  faults: Record<string, number>
  /** Faulted requests ÷ requests that reached STS, OSS and the vision API. */
  faultedShare: number
  /** Every request the kits made (login, /api/sts, uploads, API calls) ÷ recognitions. */
  requestsPerRecognition: number
  /** Requests that reached the emulator's STS, OSS and ocr ÷ recognitions. */
  cloudRequestsPerRecognition: number
  /**
   * AssumeRole calls that issued a key, per user over the whole run: at most 1 + one per stale key
   * the user reported. `boundAtMax` is the bound of the user(s) with the most calls.
   */
  assumeRole: { max: number; boundAtMax: number; mean: number; usersOverBound: number }
  staleReports: number
  /** Objects stored, and ÷ successes; `orphans` = recognitions that failed after their upload stored one. */
  objects: number
  objectsPerSuccess: number
  orphans: number
  /** Wall-clock facts, the only numbers a seed does not fix: the run fits in one credential validity window when runSeconds < credentialSeconds. */
  timing: { runSeconds: number; credentialSeconds: number }
}

interface Outcomes {
  successes: number
  failures: Record<string, number>
  orphans: number
}

const round = (x: number) => Math.round(x * 1000) / 1000

/**
 * Issue 15's chaos run, on a fresh stack (backend + emulator in process): `users` separate kits
 * (each with its own session and credentials cache) recognize bank cards while a seeded share of
 * the requests that reach the cloud (STS behind the backend, OSS, the vision API) is faulted at
 * random: 5xx, throttling, a dropped connection, latency, or a token the cloud calls expired.
 * Recognitions run one after another, the users' turns shuffled by the seed, so each fault lands
 * on the request it was drawn for and the same seed gives the same numbers. Shared by
 * test/reliability/chaos.test.ts (which asserts the properties) and the bench (which reports them).
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  // Fifty users share 127.0.0.1 here; in the field each has its own address and its own per-IP limit.
  const stack = await startStack({ emulatorPort: 0, backendPort: 0, env: {}, backendEnv: { RATE_LIMIT_PER_MINUTE: '1000000' } })
  try {
    return await runOn(stack, options)
  } finally {
    await stack.close()
  }
}

async function runOn(stack: Stack, options: ChaosOptions): Promise<ChaosReport> {
  const emulator = stack.emulator!
  const random = seededRandom(options.seed)
  const { draw, tally } = createFaultDraw(emulator, random, options.faultRate ?? 0.2)
  const users = chaosUsers(stack, options, draw)
  const turns = shuffledTurns(users, options.recognitionsPerUser, random)

  const before = emulator.counters()
  const started = Date.now()
  const outcomes = await recognizeInTurn(turns, options.photo)
  const runSeconds = (Date.now() - started) / 1000
  const after = emulator.counters()
  const cloud = (['sts', 'oss', 'ocr'] as const).reduce((n, s) => n + (after[s] - before[s]), 0)

  const objects = emulator.state.objects.keys(BUCKET).length
  const requests = users.reduce((n, h) => n + h.rec.sent.length, 0)
  const { perUser, staleReports } = assumeRolePerUser(users)
  return {
    seed: options.seed,
    users: users.length,
    recognitions: turns.length,
    ...outcomes,
    faults: Object.fromEntries(Object.entries(tally.byKind).sort()),
    faultedShare: round(tally.total / cloud),
    requestsPerRecognition: round(requests / turns.length),
    cloudRequestsPerRecognition: round(cloud / turns.length),
    assumeRole: summarizeAssumeRole(perUser),
    staleReports,
    objects,
    objectsPerSuccess: round(objects / Math.max(1, outcomes.successes)),
    timing: { runSeconds: round(runSeconds), credentialSeconds: credentialSeconds(users) },
  }
}

/** One kit per user, each with its own random (seeded from the run's seed), every request through `draw`. */
function chaosUsers(stack: Stack, options: ChaosOptions, draw: FaultDraw): KitHarness[] {
  return Array.from({ length: options.users }, (_, i) => {
    const h = kitFor(stack, `chaos-u${String(i).padStart(2, '0')}`, { random: seededRandom(options.seed * 1000 + i) })
    faultEveryRequest(h.rec.transport, draw)
    return h
  })
}

/** Every user's turns, shuffled by the seed (Fisher–Yates). */
function shuffledTurns(users: KitHarness[], perUser: number, random: () => number): KitHarness[] {
  const turns = users.flatMap((u) => Array.from({ length: perUser }, () => u))
  for (let i = turns.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[turns[i], turns[j]] = [turns[j], turns[i]]
  }
  return turns
}

const storedUploads = (h: KitHarness) => h.rec.sent.filter((s) => s.kind === 'upload' && s.status === 200).length

/** The typed error's class and code, or `untyped:` for anything outside the KitError family. */
function failureLabel(err: unknown): string {
  return err instanceof KitError ? `${err.name}:${err.code}` : `untyped:${(err as Error).name}:${(err as Error).message}`
}

async function recognizeInTurn(turns: KitHarness[], photo: Uint8Array): Promise<Outcomes> {
  const outcomes: Outcomes = { successes: 0, failures: {}, orphans: 0 }
  for (const h of turns) {
    const uploadsBefore = storedUploads(h)
    try {
      const r = await h.kit.recognize(recognizeBankCardOperation, { path: photo, contentType: 'image/jpeg', size: photo.length })
      if (!/^\d{16,19}$/.test(r.cardNumber)) throw new Error(`unexpected card number ${r.cardNumber}`)
      outcomes.successes++
    } catch (err) {
      const label = failureLabel(err)
      outcomes.failures[label] = (outcomes.failures[label] ?? 0) + 1
      if (storedUploads(h) > uploadsBefore) outcomes.orphans++
    }
  }
  return outcomes
}

/** The keys a user reported stale to /api/sts: each allows the backend one more AssumeRole. */
function staleKeysReported(h: KitHarness): Set<string> {
  const stale = new Set<string>()
  for (const s of h.rec.sent) {
    if (s.kind !== 'backend' || !s.url.endsWith('/api/sts') || !s.body) continue
    const key = (JSON.parse(s.body) as { staleAccessKeyId?: string }).staleAccessKeyId
    if (key) stale.add(key)
  }
  return stale
}

/**
 * AssumeRole per user: every key the emulator issues is a new AccessKeyId, so the distinct keys a
 * user was handed count its AssumeRole calls, against 1 + the distinct keys it reported stale.
 */
function assumeRolePerUser(users: KitHarness[]): { perUser: Array<{ minted: number; bound: number }>; staleReports: number } {
  let staleReports = 0
  const perUser = users.map((h) => {
    const stale = staleKeysReported(h).size
    staleReports += stale
    return { minted: new Set(h.grants.map((g) => g.credentials.accessKeyId)).size, bound: 1 + stale }
  })
  return { perUser, staleReports }
}

function summarizeAssumeRole(perUser: Array<{ minted: number; bound: number }>): ChaosReport['assumeRole'] {
  const max = Math.max(...perUser.map((u) => u.minted))
  return {
    max,
    boundAtMax: Math.max(...perUser.filter((u) => u.minted === max).map((u) => u.bound)),
    mean: round(perUser.reduce((n, u) => n + u.minted, 0) / perUser.length),
    usersOverBound: perUser.filter((u) => u.minted > u.bound).length,
  }
}

/** The shortest validity the backend granted (expiration − the backend's clock when it answered), in seconds. */
function credentialSeconds(users: KitHarness[]): number {
  const lifetimes = users.flatMap((h) => h.grants.map((g) => g.credentials.expiration.getTime() - g.serverTime.getTime()))
  return Math.round(Math.min(...lifetimes) / 1000)
}
