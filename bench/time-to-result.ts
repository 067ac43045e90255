import sharp from 'sharp'
import {
  createFetchTransport,
  createViapiKit,
  fromBackend,
  recognizeBankCardOperation,
  segmentCommonImageOperation,
  type Operation,
  type Transport,
} from '../src/lib'
import { createClock, type Credentials } from '../src/lib/credentials'
import { postObject } from '../src/lib/oss'
import { createRpcClient } from '../src/lib/rpc'
import { luhnValid } from '../emulator/image/bank-card'
import { prepareImage } from '../scripts/cli/prepare-image'
import { startStack, type Stack } from '../scripts/stack'
import { makePhonePhoto } from '../test/support/images'
import { shapedFetch } from './shaped-fetch'
import { startShapedLink, type LinkShape } from './shaped-link'
import { fmt, type Row } from './types'
import { compressLikeOurEarlierApp } from './upload-bytes'

/** A phone on a mediocre mobile network: 2 Mbit/s up, 10 Mbit/s down, 80 ms round trip. */
export const PHONE_LINK: LinkShape = { upBps: 2_000_000, downBps: 10_000_000, rttMs: 80 }

type ImageOp = typeof recognizeBankCardOperation | typeof segmentCommonImageOperation

interface Outcome {
  ms: number
  /** Ours only: preparing the photo, the upload, the API call (ms). */
  phases?: { prepare: number; upload: number; api: number }
  /** Bytes the phone put on the uplink during the run (requests, form fields, image). */
  upBytes: number
  ok: boolean
  /** What came back: a Luhn-valid card number, a cut-out size, or the refusal's code. */
  detail: string
  sentBytes: number
}

const fixed = (c: Credentials) => Object.assign(async () => c, { refresh: async () => c })
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function login(stack: Stack, user: string): Promise<string> {
  const code = stack.emulator!.mintLoginCode('h5', user)
  const res = await fetch(`${stack.backendUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ platform: 'h5', code }),
  })
  return ((await res.json()) as { token: string }).token
}

/** Checks an answer the way the app would use it; the emulator's card number is derived from the bytes sent. */
async function verdict(op: ImageOp, result: Record<string, unknown>, sent: { width?: number; height?: number }): Promise<string> {
  if (op === recognizeBankCardOperation) {
    const card = String(result.cardNumber)
    if (!luhnValid(card)) throw new Error(`bank card answer not Luhn-valid: ${card}`)
    return `card ${card.slice(0, 6)}… (Luhn-valid)`
  }
  const png = Buffer.from(await (await fetch(String(result.imageUrl))).arrayBuffer())
  const meta = await sharp(png).metadata()
  if (meta.format !== 'png' || !meta.hasAlpha || (sent.width && meta.width !== sent.width))
    throw new Error('segmentation answer is not the expected cut-out')
  return `cut-out PNG ${meta.width}×${meta.height} with alpha`
}

/** The stack behind shaped links, and what a measurement needs of it. */
interface PhoneBench {
  /** The phone's link (shaped), and loopback for the emulator's own share. */
  shaped: Transport
  direct: Transport
  /** Bytes the phone has put on the uplink so far. */
  upBytes: () => number
  grantsVia: (transport: Transport) => ReturnType<typeof fromBackend>
  close: () => Promise<void>
}

/** The real backend and emulator, each behind a shaped TCP link, and one logged-in user. */
async function startPhoneBench(): Promise<PhoneBench> {
  const stack = await startStack({ emulatorPort: 0, backendPort: 0 })
  const emulatorPort = Number(new URL(stack.emulatorUrl!).port)
  const backendPort = Number(new URL(stack.backendUrl).port)
  const toEmulator = await startShapedLink({ host: '127.0.0.1', port: emulatorPort }, PHONE_LINK)
  const toBackend = await startShapedLink({ host: '127.0.0.1', port: backendPort }, PHONE_LINK)
  const close = async () => {
    await toEmulator.close()
    await toBackend.close()
    await stack.close()
  }
  try {
    const token = await login(stack, 'bench-ttr')
    return {
      shaped: createFetchTransport({
        fetch: shapedFetch((p) => (p === emulatorPort ? toEmulator.port : p === backendPort ? toBackend.port : undefined)),
      }),
      direct: createFetchTransport(),
      upBytes: () => toEmulator.bytes().up + toBackend.bytes().up,
      grantsVia: (transport) => fromBackend({ transport, backendUrl: stack.backendUrl, getSessionToken: async () => token }),
      close,
    }
  } catch (err) {
    await close()
    throw err
  }
}

/** Ours: prefetched credentials (not timed, done at app launch), then prepare → upload → call. */
async function ours(bench: PhoneBench, op: ImageOp, transport: Transport, photo: Buffer): Promise<Outcome> {
  const kit = createViapiKit({ transport, grants: bench.grantsVia(transport) })
  await kit.prefetch()
  const up0 = bench.upBytes()
  const t0 = performance.now()
  const prepared = await prepareImage(photo, op.imageLimits!)
  const t1 = performance.now()
  let t2 = t1
  const run = { onProgress: (u: { phase: string }) => void (u.phase === 'analyzing' && t2 === t1 && (t2 = performance.now())) }
  const image = { path: new Uint8Array(prepared.bytes), contentType: prepared.contentType, size: prepared.bytes.length }
  const result = (op === recognizeBankCardOperation
    ? await kit.recognize(recognizeBankCardOperation, image, run)
    : await kit.recognize(segmentCommonImageOperation, image, run)) as unknown as Record<string, unknown>
  const t3 = performance.now()
  return {
    ms: t3 - t0,
    phases: { prepare: t1 - t0, upload: t2 - t1, api: t3 - t2 },
    upBytes: bench.upBytes() - up0,
    ok: true,
    detail: await verdict(op, result, prepared),
    sentBytes: prepared.bytes.length,
  }
}

/**
 * Naive: STS → upload these bytes as they are → API call, over the phone's link; no checks on the
 * device. With the photo as chosen this is the seed demos' way.
 */
async function naive(bench: PhoneBench, op: ImageOp, bytes: Buffer): Promise<Outcome> {
  const { shaped } = bench
  const up0 = bench.upBytes()
  const t0 = performance.now()
  try {
    const grant = await bench.grantsVia(shaped)()
    const object = await postObject({
      transport: shaped,
      credentials: grant.credentials,
      oss: grant.oss,
      filePath: new Uint8Array(bytes),
      contentType: 'image/jpeg',
      now: Date.now(),
    })
    const rpc = createRpcClient({ transport: shaped, credentials: fixed(grant.credentials), clock: createClock() })
    const o = op as Operation<{ imageUrl: string }, unknown>
    const body = await rpc.call<Record<string, unknown>>({
      endpoint: grant.endpoints[o.product],
      action: o.action,
      version: o.version,
      params: o.toParams({ imageUrl: object.url }),
    })
    const ms = performance.now() - t0
    const meta = await sharp(bytes).metadata()
    return {
      ms,
      upBytes: bench.upBytes() - up0,
      ok: true,
      detail: await verdict(op, o.parseResult(body) as Record<string, unknown>, meta),
      sentBytes: bytes.length,
    }
  } catch (err) {
    return {
      ms: performance.now() - t0,
      upBytes: bench.upBytes() - up0,
      ok: false,
      detail: `refused: ${(err as { code?: string }).code ?? String(err)}`,
      sentBytes: bytes.length,
    }
  }
}

/** The run with the median time of `n`. */
async function medianOf(run: () => Promise<Outcome>, n: number): Promise<Outcome> {
  const runs: Outcome[] = []
  for (let i = 0; i < n; i++) runs.push(await run())
  const m = median(runs.map((r) => r.ms))
  return runs.find((r) => r.ms === m)!
}

/** Every measurement the rows compare. */
interface Measured {
  photos: { phone: Buffer; fitting: Buffer }
  oursCard: Outcome
  oursSeg: Outcome
  oursCardDirect: Outcome
  oursSegDirect: Outcome
  naiveCardOriginal: Outcome
  naiveCardFitting: Outcome
  /** Our earlier app's one-size preparation, sent the naive way. */
  earlierAppCard: Outcome
  earlierAppSeg: Outcome
}

async function measure(bench: PhoneBench): Promise<Measured> {
  const phone = await makePhonePhoto() // 4000×3000, ~4.0 MB: what the camera hands over
  const fitting = await makePhonePhoto({ maxBytes: 3 * 1024 * 1024 }) // the same scene saved ≤ 3 MB: the largest original the APIs take
  const earlierApp = (await compressLikeOurEarlierApp(phone)).bytes // what our earlier app did: long side ≤ 2560, JPEG ≤ 3 MB
  const card = recognizeBankCardOperation
  const seg = segmentCommonImageOperation
  return {
    photos: { phone, fitting },
    oursCard: await medianOf(() => ours(bench, card, bench.shaped, phone), 3),
    oursSeg: await medianOf(() => ours(bench, seg, bench.shaped, phone), 3),
    oursCardDirect: await medianOf(() => ours(bench, card, bench.direct, phone), 3),
    oursSegDirect: await medianOf(() => ours(bench, seg, bench.direct, phone), 3),
    naiveCardOriginal: await naive(bench, card, phone),
    naiveCardFitting: await naive(bench, card, fitting),
    earlierAppCard: await naive(bench, card, earlierApp),
    earlierAppSeg: await naive(bench, seg, earlierApp),
  }
}

const SECTION = 'Time to result'
const LINK = `2 Mbit/s up, 10 Mbit/s down, ${PHONE_LINK.rttMs} ms RTT`
const describeOutcome = (o: Outcome) => `${seconds(o.ms)}, ${fmt.mb(o.sentBytes)} image, ${o.detail}`
/** The naive flow with the photo as chosen: how the seed demos upload. */
const SEED_WAY = "naive, photo as chosen (the seed demos' way)"
/** Our earlier app's one-size preparation, sent the naive way (that app cached its STS credentials). */
const EARLIER_APP_WAY = "our earlier app's one-size preparation (2560 px, JPEG ≤ 3 MB), sent the naive way (STS every photo)"

/** Ours against the naive flow (the seed demos' way) and our earlier app's preparation, per photo and operation. */
function comparisonRows(m: Measured): Row[] {
  const { phone, fitting } = m.photos
  const { oursCard, oursSeg, naiveCardOriginal, naiveCardFitting, earlierAppCard, earlierAppSeg } = m
  return [
    {
      section: SECTION,
      metric: `bank card, 12 MP phone photo (4000×3000 JPEG ${fmt.mb(phone.length)}), ${LINK}`,
      baseline: `${SEED_WAY}: ${describeOutcome(naiveCardOriginal)}`,
      ours: `${describeOutcome(oursCard)}`,
      ratio: naiveCardOriginal.ok ? `${fmt.x(naiveCardOriginal.ms / oursCard.ms)} faster` : 'baseline refused (over 3 MB)',
    },
    {
      section: SECTION,
      metric: `bank card, the same photo saved ≤ 3 MB (${fmt.mb(fitting.length)}), ${LINK}`,
      baseline: `${SEED_WAY}: ${describeOutcome(naiveCardFitting)}`,
      ours: `${describeOutcome(oursCard)} (from the ${fmt.mb(phone.length)} photo)`,
      ratio: naiveCardFitting.ok ? `${fmt.x(naiveCardFitting.ms / oursCard.ms)} faster` : 'baseline fails',
      target: '≥ 4× (aim 10×), both correct',
      pass: naiveCardFitting.ok && oursCard.ok && naiveCardFitting.ms / oursCard.ms >= 4,
    },
    {
      section: SECTION,
      metric: `bank card, 12 MP phone photo, ${EARLIER_APP_WAY}, ${LINK}`,
      baseline: `earlier app's preparation: ${describeOutcome(earlierAppCard)}`,
      ours: `${describeOutcome(oursCard)}`,
      ratio: earlierAppCard.ok ? `${fmt.x(earlierAppCard.ms / oursCard.ms)} faster` : 'baseline fails',
    },
    {
      section: SECTION,
      metric: `segmentation, 12 MP phone photo, ${EARLIER_APP_WAY}, ${LINK}`,
      baseline: `earlier app's preparation: ${describeOutcome(earlierAppSeg)}`,
      ours: `${describeOutcome(oursSeg)}`,
      ratio: earlierAppSeg.ok ? `${fmt.x(earlierAppSeg.ms / oursSeg.ms)} faster` : 'baseline fails (2560 px > 1999)',
      target: 'ours correct',
      pass: oursSeg.ok,
    },
  ]
}

/** Ours against the floor (uplink bytes ÷ bandwidth + 2 RTT), phase by phase, and on loopback. */
function floorRows(m: Measured): Row[] {
  const floor = (o: Outcome) => (o.upBytes * 8 * 1000) / PHONE_LINK.upBps + 2 * PHONE_LINK.rttMs
  const versusFloor = ([name, o, local]: readonly [string, Outcome, Outcome]): Row => {
    const f = floor(o)
    const p = o.phases!
    return {
      section: SECTION,
      metric: `ours vs the floor, ${name}: ${fmt.kb(o.upBytes)} on the uplink ÷ 2 Mbit/s + 2 RTT`,
      baseline: `floor ${seconds(f)}`,
      ours:
        `${seconds(o.ms)} = prepare ${Math.round(p.prepare)} ms + upload ${Math.round(p.upload)} ms + API call ${Math.round(p.api)} ms ` +
        `(of which the emulator's own work ≈ ${Math.round(local.phases!.api)} ms, the call on loopback)`,
      ratio: `${(o.ms / f).toFixed(2)}× the floor`,
      target: '≤ 1.5× the floor',
      pass: o.ms / f <= 1.5,
    }
  }
  const { oursCardDirect: card, oursSegDirect: seg } = m
  return [
    ...(
      [
        ['bank card', m.oursCard, card],
        ['segmentation', m.oursSeg, seg],
      ] as const
    ).map(versusFloor),
    {
      section: SECTION,
      metric: 'ours on an unshaped link (loopback), prepare + upload + API call',
      baseline: '—',
      ours:
        `bank card ${seconds(card.ms)} (prepare ${Math.round(card.phases!.prepare)} ms), ` +
        `segmentation ${seconds(seg.ms)} (prepare ${Math.round(seg.phases!.prepare)} ms)`,
      ratio: '',
    },
  ]
}

/**
 * Time from photo to result on a phone's link: the real backend and emulator (scripts/stack.ts)
 * behind shaped TCP links (bench/shaped-link.ts); only the phone's requests are shaped, the
 * backend's own AssumeRole is a datacenter hop. Ours: credentials prefetched at launch, photo
 * prepared with the planner + sharp, upload, API call. Naive: fetch STS, upload the original, call
 * the API, every photo. No assertions on time: the numbers go to bench/results.md.
 */
export async function timeToResult(): Promise<Row[]> {
  const bench = await startPhoneBench()
  try {
    const measured = await measure(bench)
    return [...comparisonRows(measured), ...floorRows(measured)]
  } finally {
    await bench.close()
  }
}
