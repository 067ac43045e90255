import type { FaultKind, FaultRule, RunningEmulator } from '../emulator'
import type { Transport } from '../src/lib'

/** The cloud services the chaos run faults: STS (behind the backend's /api/sts), OSS and the vision API. */
export type CloudService = 'sts' | 'oss' | 'ocr'

/** What each service can be hit with; a token the cloud refuses only exists on requests signed with one. */
const KINDS: Record<CloudService, FaultKind[]> = {
  sts: ['error5xx', 'throttle', 'drop', 'latency'],
  oss: ['error5xx', 'throttle', 'drop', 'latency', 'expire-token'],
  ocr: ['error5xx', 'throttle', 'drop', 'latency', 'expire-token'],
}

/** Which cloud service a kit request ends up at (none for login: it is not faulted here). */
export function cloudServiceOf(url: string): CloudService | undefined {
  if (url.includes('/api/sts')) return 'sts'
  if (url.includes('/api/')) return undefined
  return 'ocr'
}

/** Faults drawn so far that reached their request. */
export interface FaultTally {
  /** `<service>:<kind>` → count, e.g. `oss:drop`. */
  byKind: Record<string, number>
  total: number
}

/** Runs one request with a fault drawn for it (or none). */
export type FaultDraw = <T>(service: CloudService | undefined, send: () => Promise<T>) => Promise<T>

/**
 * Draws a fault for a request about to leave with probability `rate` (kind, and 500 or 503, from
 * `random` in a fixed order so a seed reproduces the run), arms the emulator for exactly that
 * request and disarms it after. A rule still armed afterwards was never reached (the backend
 * answered /api/sts from its cache) and is not counted.
 */
export function createFaultDraw(emulator: RunningEmulator, random: () => number, rate: number): { draw: FaultDraw; tally: FaultTally } {
  const tally: FaultTally = { byKind: {}, total: 0 }
  const draw: FaultDraw = async (service, send) => {
    if (!service || random() >= rate) return send()
    const kinds = KINDS[service]
    const kind = kinds[Math.floor(random() * kinds.length)]
    const status = random() < 0.5 ? 500 : 503
    const rule: FaultRule = { service, kind, count: 1, ...(kind === 'latency' ? { ms: 30 } : kind === 'error5xx' ? { status } : {}) }
    emulator.setFaults({ rules: [rule] })
    try {
      return await send()
    } finally {
      if (emulator.state.faults.rules.length === 0) {
        tally.total++
        tally.byKind[`${service}:${kind}`] = (tally.byKind[`${service}:${kind}`] ?? 0) + 1
      }
      emulator.clearFaults()
    }
  }
  return { draw, tally }
}

/**
 * Sends every request of `transport` through `draw`, in the order requests leave. Changes the
 * object in place: it is the one the kit already holds.
 */
export function faultEveryRequest(transport: Transport, draw: FaultDraw): void {
  const { request, uploadFile } = transport
  transport.request = (req) => draw(cloudServiceOf(req.url), () => request(req))
  transport.uploadFile = (req) => draw('oss', () => uploadFile(req))
}
