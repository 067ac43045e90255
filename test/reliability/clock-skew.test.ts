import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Stack } from '../../scripts/stack'
import { makeCardPhoto } from '../support/images'
import { createFetchTransport, fromBackend, recognizeBankCardOperation } from '../../src/lib'
import { createClock } from '../../src/lib/credentials'
import { countDuring, kitFor, loginToken, startReliabilityStack } from './harness'

// Faults: the device clock is off by up to a day either way; the cloud's clock is off from the
// backend's. The emulator refuses RPC timestamps and OSS x-oss-date outside ±15 min and expired
// PostObject policies, all judged by its own (skewable) clock.
let stack: Stack
let photo: Uint8Array
const image = () => ({ path: photo, contentType: 'image/jpeg', size: photo.length })
const HOUR = 3600_000
const decode = (policy: string) => JSON.parse(Buffer.from(policy, 'base64').toString('utf8')) as { expiration: string }
const ossDateMs = (d: string) =>
  Date.parse(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`)

beforeAll(async () => {
  // Tokens live an hour so a cloud clock 16 min ahead does not also expire them.
  stack = await startReliabilityStack({ STS_DURATION_SECONDS: '3600' })
  photo = new Uint8Array(await makeCardPhoto())
})
afterAll(async () => {
  stack?.emulator?.clearFaults()
  await stack?.close()
})

describe('fault: device clock off', () => {
  it.each([-24 * HOUR, -2 * HOUR, -16 * 60_000, 16 * 60_000, 2 * HOUR, 24 * HOUR])(
    'skew %i ms: upload + API call succeed first time, signed with the server time learned from /api/sts',
    async (skew) => {
      const h = kitFor(stack, `skew${skew < 0 ? 'm' : 'p'}${Math.abs(skew)}`, { skewMs: skew })
      const { result, delta } = await countDuring(stack, () => h.kit.recognize(recognizeBankCardOperation, image()))
      expect(result.cardNumber).toMatch(/^\d{16,19}$/)
      // No refused attempt at all: the offset was known before the first signed request.
      expect([delta.oss, delta.ocr]).toEqual([1, 1])
      expect(Math.abs(h.clock.offsetMs() + skew)).toBeLessThan(5_000)
      const upload = h.rec.sent.find((s) => s.kind === 'upload')!
      expect(Math.abs(ossDateMs(upload.ossDate!) - Date.now())).toBeLessThan(5_000)
      const expiresIn = Date.parse(decode(upload.policy!).expiration) - Date.now()
      expect(expiresIn).toBeGreaterThan(4 * 60_000)
      expect(expiresIn).toBeLessThan(6 * 60_000)
      const rpc = h.rec.sent.find((s) => s.kind === 'rpc')!
      expect(Math.abs(Date.parse(rpc.timestamp!) - Date.now())).toBeLessThan(5_000)
    },
  )
})

describe('fault: device clock off, credentials source on its own', () => {
  it.each([-24 * HOUR, 24 * HOUR])(
    'fromBackend({clock}) with a device %i ms off learns the offset against the device clock',
    async (skew) => {
      const clock = createClock(() => Date.now() + skew)
      const token = await loginToken(stack, 'source-only')
      const source = fromBackend({
        transport: createFetchTransport(),
        backendUrl: stack.backendUrl,
        clock,
        getSessionToken: async () => token,
      })
      await source()
      expect(Math.abs(clock.now() - Date.now())).toBeLessThan(2_000)
    },
  )
})

describe('fault: cloud clock off from the backend clock (emulator clockSkewMs)', () => {
  it.each([16 * 60_000, -16 * 60_000])(
    'skew %i ms: PostObject refused with RequestTimeTooSkewed → resync from Date → one retry succeeds',
    async (skew) => {
      const h = kitFor(stack, `cloudskew-oss-${skew > 0 ? 'p' : 'm'}`)
      await h.kit.prefetch()
      stack.emulator!.setFaults({ clockSkewMs: skew })
      try {
        const { result, delta } = await countDuring(stack, () => h.kit.upload(image()))
        expect(result.key).toMatch(/^uploads\//)
        expect(delta.oss).toBe(2)
        expect(Math.abs(h.clock.offsetMs() - skew)).toBeLessThan(5_000)
        const [refused, retried] = h.rec.sent.filter((s) => s.kind === 'upload')
        expect(refused.status).toBe(403)
        expect(retried.status).toBe(200)
        expect(Math.abs(ossDateMs(retried.ossDate!) - (Date.now() + skew))).toBeLessThan(5_000)
      } finally {
        stack.emulator!.clearFaults()
      }
    },
  )

  it('API call refused with InvalidTimeStamp.Expired → offset updated from Date → exactly one retry succeeds', async () => {
    const h = kitFor(stack, 'cloudskew-rpc')
    const object = await h.kit.upload(image())
    stack.emulator!.setFaults({ clockSkewMs: 20 * 60_000 })
    try {
      const { result, delta } = await countDuring(stack, () => h.kit.recognize(recognizeBankCardOperation, object.url))
      expect(result.cardNumber).toMatch(/^\d{16,19}$/)
      expect(delta.ocr).toBe(2)
      const [refused, retried] = h.rec.sent.filter((s) => s.kind === 'rpc')
      expect(refused.status).toBe(400)
      expect(retried.status).toBe(200)
      expect(retried.nonce).not.toBe(refused.nonce)
      expect(Date.parse(retried.timestamp!) - Date.parse(refused.timestamp!)).toBeGreaterThan(19 * 60_000)
    } finally {
      stack.emulator!.clearFaults()
    }
  })

  it('a clock that stays wrong is not retried forever: one resync, then a typed error', async () => {
    const h = kitFor(stack, 'cloudskew-stubborn')
    const object = await h.kit.upload(image())
    // A device clock that jumps back after every resync (the resync can never stick).
    let jump = -40 * 60_000
    const clock = h.clock
    const learn = clock.learn.bind(clock)
    clock.learn = (d, at) => {
      learn(d, at)
      jump -= 40 * 60_000
    }
    const now = clock.now.bind(clock)
    clock.now = () => now() + jump
    const { result, delta } = await countDuring(stack, () => h.kit.recognize(recognizeBankCardOperation, object.url).catch((e) => e))
    expect(result.code).toBe('InvalidTimeStamp.Expired')
    expect(result.name).toBe('ServiceError')
    expect(delta.ocr).toBe(2)
  })
})
