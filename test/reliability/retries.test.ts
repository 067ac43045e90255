import { afterEach, describe, expect, it } from 'vitest'
import { ServiceError, recognizeBankCardOperation } from '../../src/lib'
import { createClock } from '../../src/lib/credentials'
import { countDuring, kitFor, useFaultStack } from './harness'

// Faults: 5xx and throttling from STS (through the backend), OSS and the vision API. Retries are
// bounded (3 attempts), back off exponentially with jitter, and re-sign every attempt.
const faults = useFaultStack()
const image = faults.image
afterEach(() => faults.stack.emulator!.clearFaults())

/** Each backoff must sit in [half, all] of min(cap, base·2^(n−1)). */
function expectJitteredBackoff(sleeps: number[], base: number, cap: number) {
  sleeps.forEach((ms, i) => {
    const ceiling = Math.min(cap, base * 2 ** i)
    expect(ms).toBeGreaterThanOrEqual(ceiling / 2)
    expect(ms).toBeLessThanOrEqual(ceiling)
  })
}

describe('fault: STS 5xx / throttling (seen through the backend as 502)', () => {
  it.each(['error5xx', 'throttle'] as const)('%s twice: credentials fetched on the third attempt, with jittered backoff', async (kind) => {
    faults.stack.emulator!.setFaults({ rules: [{ service: 'sts', kind, count: 2 }] })
    const h = kitFor(faults.stack, `sts-${kind}`)
    const { delta } = await countDuring(faults.stack, () => h.kit.prefetch())
    expect(delta.sts).toBe(3)
    expect(h.rec.sent.filter((s) => s.url.endsWith('/api/sts')).map((s) => s.status)).toEqual([502, 502, 200])
    expect(h.sleeps).toHaveLength(2)
    expectJitteredBackoff(h.sleeps, 400, 4000)
  })

  it('persistent STS failure: gives up after 3 attempts with a typed, retryable error', async () => {
    faults.stack.emulator!.setFaults({ rules: [{ service: 'sts', kind: 'error5xx' }] })
    const h = kitFor(faults.stack, 'sts-down')
    const { result: err, delta } = await countDuring(faults.stack, () =>
      h.kit.recognize(recognizeBankCardOperation, image()).catch((e) => e),
    )
    expect(err).toBeInstanceOf(ServiceError)
    expect(err.code).toBe('StsUnavailable')
    expect(err.retryable).toBe(true)
    expect(err.hint).not.toBe('')
    expect([delta.sts, delta.oss, delta.ocr]).toEqual([3, 0, 0])
  })
})

describe('fault: OSS 5xx / 429 QpsLimitExceeded', () => {
  it.each([
    ['error5xx 503', { kind: 'error5xx' as const, status: 503 }],
    ['error5xx 500', { kind: 'error5xx' as const, status: 500 }],
    ['throttle (429 QpsLimitExceeded)', { kind: 'throttle' as const }],
  ])('%s twice: the same key is uploaded on the third attempt with a fresh policy and x-oss-date', async (_name, rule) => {
    const h = kitFor(faults.stack, `oss-${rule.kind}-${'status' in rule ? rule.status : 'slow'}`)
    await h.kit.prefetch()
    faults.stack.emulator!.setFaults({ rules: [{ service: 'oss', count: 2, ...rule }] })
    const { result, delta } = await countDuring(faults.stack, () => h.kit.upload(image()))
    expect(delta.oss).toBe(3)
    const uploads = h.rec.sent.filter((s) => s.kind === 'upload')
    expect(uploads.map((s) => s.key)).toEqual([result.key, result.key, result.key])
    expect(h.sleeps).toHaveLength(2)
    expectJitteredBackoff(h.sleeps, 400, 4000)
  })

  it('persistent OSS 503: 3 attempts, then a typed retryable error; nothing stored', async () => {
    const h = kitFor(faults.stack, 'oss-down')
    await h.kit.prefetch()
    faults.stack.emulator!.setFaults({ rules: [{ service: 'oss', kind: 'error5xx' }] })
    const { result: err, delta } = await countDuring(faults.stack, () => h.kit.upload(image()).catch((e) => e))
    expect(err).toBeInstanceOf(ServiceError)
    expect([err.code, err.status, err.retryable]).toEqual(['ServiceUnavailable', 503, true])
    expect(delta.oss).toBe(3)
    expect(faults.stack.emulator!.state.objects.keys('viapi-kit-dev').some((k) => k.includes('h5_oss-down'))).toBe(false)
  })
})

describe('fault: vision API 5xx / throttling', () => {
  it.each([
    ['error5xx', { kind: 'error5xx' as const }],
    ['throttle', { kind: 'throttle' as const }],
  ])('%s twice: third attempt succeeds; every attempt has a fresh SignatureNonce and Timestamp', async (_name, rule) => {
    // Virtual time: each backoff moves the device clock 1.5 s, so a re-used Timestamp would show.
    let virtual = 0
    const sleeps: number[] = []
    const h = kitFor(faults.stack, `api-${rule.kind}`, {
      clock: createClock(() => Date.now() + virtual),
      sleep: async (ms) => {
        sleeps.push(ms)
        virtual += 1500
      },
    })
    const object = await h.kit.upload(image())
    faults.stack.emulator!.setFaults({ rules: [{ service: 'ocr', count: 2, ...rule }] })
    const { result, delta } = await countDuring(faults.stack, () => h.kit.recognize(recognizeBankCardOperation, object.url))
    expect(result.cardNumber).toMatch(/^\d{16,19}$/)
    expect(delta.ocr).toBe(3)
    const rpcs = h.rec.sent.filter((s) => s.kind === 'rpc')
    expect(rpcs.map((s) => s.status)).toEqual([rule.kind === 'throttle' ? 400 : 503, rule.kind === 'throttle' ? 400 : 503, 200])
    expect(new Set(rpcs.map((s) => s.nonce)).size).toBe(3)
    expect(new Set(rpcs.map((s) => s.timestamp)).size).toBe(3)
    expect(sleeps).toHaveLength(2)
    expectJitteredBackoff(sleeps, 300, 5000)
  })

  it('persistent 503: 3 attempts, then a typed retryable error', async () => {
    const h = kitFor(faults.stack, 'api-down')
    const object = await h.kit.upload(image())
    faults.stack.emulator!.setFaults({ rules: [{ service: 'ocr', kind: 'error5xx' }] })
    const { result: err, delta } = await countDuring(faults.stack, () =>
      h.kit.recognize(recognizeBankCardOperation, object.url).catch((e) => e),
    )
    expect(err).toBeInstanceOf(ServiceError)
    expect([err.code, err.retryable]).toEqual(['ServiceUnavailable', true])
    expect(delta.ocr).toBe(3)
  })

  it('only where safe: a refused image (4xx) is not retried', async () => {
    const h = kitFor(faults.stack, 'api-4xx')
    const object = await h.kit.upload(image())
    const missing = object.url.replace(/\.jpg$/, '-missing.jpg')
    const { result: err, delta } = await countDuring(faults.stack, () =>
      h.kit.recognize(recognizeBankCardOperation, missing).catch((e) => e),
    )
    expect(err).toBeInstanceOf(ServiceError)
    expect(err.code).toMatch(/^InvalidImage/)
    expect(err.retryable).toBe(false)
    expect(delta.ocr).toBe(1)
    expect(h.sleeps).toEqual([])
  })
})
