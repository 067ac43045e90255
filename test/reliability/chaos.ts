// Issue 15's chaos run: many users recognize bank cards through backend + emulator while a seeded
// share of the requests that reach the cloud (STS behind the backend, OSS, the vision API) is
// faulted at random: 5xx, throttling, a dropped connection, latency, or a token the cloud calls
// expired. Recognitions run one after another so each fault lands on the request it was drawn
// for and the same seed gives the same numbers; the users are still fifty separate kits, each
// with its own credentials cache and session, interleaved at random.
import { KitError, type Transport } from '../../src/lib'
import type { Service } from '../../emulator/faults'
import type { Stack } from '../../scripts/stack'
import { BUCKET, kitFor } from './harness'

export interface ChaosOptions {
  seed: number
  users: number
  recognitionsPerUser: number
  /** Share of cloud-bound requests that get a fault. @default 0.2 */
  faultRate?: number
  photo: Uint8Array
  /** Prefix of the user names (a fresh one per run on a shared stack). */
  userPrefix: string
}

export interface ChaosReport {
  recognitions: number
  successes: number
  /** `<ErrorClass>:<code>` → count; an error outside the KitError family counts as `untyped:<name>`. */
  failures: Record<string, number>
  /** Faults that reached a request, by service and kind (`oss:drop` …). */
  faults: Record<string, number>
  /** Faulted requests ÷ requests that reached STS, OSS and the vision API. */
  faultedShare: number
  /** Every request the kits made (login, /api/sts, uploads, API calls) ÷ recognitions. */
  requestsPerRecognition: number
  /** Requests that reached the emulator's STS, OSS and ocr ÷ recognitions. */
  cloudRequestsPerRecognition: number
  /** AssumeRole calls that issued a key, per user: at most 1 + one per stale key the user reported. */
  assumeRole: { max: number; mean: number; usersOverBound: number }
  staleReports: number
  /** Objects stored, and ÷ successes; `orphans` = recognitions that failed after their upload stored one. */
  objects: number
  objectsPerSuccess: number
  orphans: number
}

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Kind = 'error5xx' | 'throttle' | 'drop' | 'latency' | 'expire-token'
const KINDS: Record<'sts' | 'oss' | 'ocr', Kind[]> = {
  // A token the cloud refuses only exists on requests signed with one.
  sts: ['error5xx', 'throttle', 'drop', 'latency'],
  oss: ['error5xx', 'throttle', 'drop', 'latency', 'expire-token'],
  ocr: ['error5xx', 'throttle', 'drop', 'latency', 'expire-token'],
}

/** Which cloud service a kit request ends up at (none for login: it is not faulted here). */
function serviceOf(url: string, upload: boolean): 'sts' | 'oss' | 'ocr' | undefined {
  if (upload) return 'oss'
  if (url.includes('/api/sts')) return 'sts'
  if (url.includes('/api/')) return undefined
  return 'ocr'
}

export async function runChaos(stack: Stack, options: ChaosOptions): Promise<ChaosReport> {
  const emulator = stack.emulator!
  const random = seeded(options.seed)
  const rate = options.faultRate ?? 0.2
  const faults: Record<string, number> = {}
  let faultedRequests = 0

  /** Draws a fault for a request about to leave, arms it for exactly that request, and disarms it after. */
  async function withDrawnFault<T>(service: 'sts' | 'oss' | 'ocr' | undefined, send: () => Promise<T>): Promise<T> {
    if (!service || random() >= rate) return send()
    const kinds = KINDS[service]
    const kind = kinds[Math.floor(random() * kinds.length)]
    const status = random() < 0.5 ? 500 : 503
    emulator.setFaults({ rules: [{ service: service as Service, kind, count: 1, ...(kind === 'latency' ? { ms: 30 } : kind === 'error5xx' ? { status } : {}) }] })
    try {
      return await send()
    } finally {
      // A rule still armed was never reached (the backend answered /api/sts from its cache).
      if (emulator.state.faults.rules.length === 0) {
        faultedRequests++
        faults[`${service}:${kind}`] = (faults[`${service}:${kind}`] ?? 0) + 1
      }
      emulator.clearFaults()
    }
  }

  const users = Array.from({ length: options.users }, (_, i) => {
    const name = `${options.userPrefix}-u${String(i).padStart(2, '0')}`
    const h = kitFor(stack, name, { random: seeded(options.seed * 1000 + i) })
    // Faults are drawn on the way out of every kit's transport (the object the kit already holds),
    // in the order requests leave.
    const { request, uploadFile } = h.rec.transport
    const transport: Transport = h.rec.transport
    transport.request = (req) => withDrawnFault(serviceOf(req.url, false), () => request(req))
    transport.uploadFile = (req) => withDrawnFault('oss', () => uploadFile(req))
    return { name, h }
  })

  // The order of recognitions: every user's turns, shuffled by the seed.
  const turns = users.flatMap((u) => Array.from({ length: options.recognitionsPerUser }, () => u))
  for (let i = turns.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[turns[i], turns[j]] = [turns[j], turns[i]]
  }

  const before = emulator.counters()
  const failures: Record<string, number> = {}
  let successes = 0
  let orphans = 0
  for (const user of turns) {
    const uploadsBefore = user.h.rec.sent.filter((s) => s.kind === 'upload' && s.status === 200).length
    try {
      const r = await user.h.kit.recognizeBankCard({ path: options.photo, contentType: 'image/jpeg', size: options.photo.length })
      if (!/^\d{16,19}$/.test(r.cardNumber)) throw new Error(`unexpected card number ${r.cardNumber}`)
      successes++
    } catch (err) {
      const label = err instanceof KitError ? `${err.name}:${err.code}` : `untyped:${(err as Error).name}:${(err as Error).message}`
      failures[label] = (failures[label] ?? 0) + 1
      if (user.h.rec.sent.filter((s) => s.kind === 'upload' && s.status === 200).length > uploadsBefore) orphans++
    }
  }
  const after = emulator.counters()
  const cloud = (['sts', 'oss', 'ocr'] as const).reduce((n, s) => n + (after[s] - before[s]), 0)

  // AssumeRole per user: every key the emulator issued is a new AccessKeyId, so count the distinct
  // keys each user was handed, against 1 + the distinct keys it reported stale.
  let staleReports = 0
  const perUser = users.map(({ h }) => {
    const stale = new Set<string>()
    for (const s of h.rec.sent) {
      if (s.kind === 'backend' && s.url.endsWith('/api/sts') && s.body) {
        const key = (JSON.parse(s.body) as { staleAccessKeyId?: string }).staleAccessKeyId
        if (key) stale.add(key)
      }
    }
    staleReports += stale.size
    const minted = new Set(h.grants.map((g) => g.credentials.accessKeyId)).size
    return { minted, bound: 1 + stale.size }
  })

  const objects = emulator.state.objects.keys(BUCKET).filter((k) => k.includes(`h5_${options.userPrefix}-`)).length
  const requests = users.reduce((n, { h }) => n + h.rec.sent.length, 0)
  const round = (x: number) => Math.round(x * 1000) / 1000
  return {
    recognitions: turns.length,
    successes,
    failures,
    faults: Object.fromEntries(Object.entries(faults).sort()),
    faultedShare: round(faultedRequests / cloud),
    requestsPerRecognition: round(requests / turns.length),
    cloudRequestsPerRecognition: round(cloud / turns.length),
    assumeRole: {
      max: Math.max(...perUser.map((u) => u.minted)),
      mean: round(perUser.reduce((n, u) => n + u.minted, 0) / perUser.length),
      usersOverBound: perUser.filter((u) => u.minted > u.bound).length,
    },
    staleReports,
    objects,
    objectsPerSuccess: round(objects / Math.max(1, successes)),
    orphans,
  }
}
