import { describe, expect, it } from 'vitest'
import { countDuring, kitFor, useFaultStack } from './harness'
import { recognizeBankCardOperation } from '../../src/lib'

// Fault: the STS token stops working while the kit still holds it (emulator.expireTokens() expires
// every issued token at once, like a revoked or early-expired token).
const faults = useFaultStack()
const image = faults.image

describe('fault: STS token expires', () => {
  it('between upload and API call: one refresh, the call is re-signed with the new token and completes', async () => {
    const h = kitFor(faults.stack, 'exp-between')
    h.rec.afterUpload = () => void faults.stack.emulator!.expireTokens()
    const { result, delta } = await countDuring(faults.stack, () => h.kit.recognize(recognizeBankCardOperation, image()))
    expect(result.cardNumber).toMatch(/^\d{16,19}$/)
    // One refused RPC + one retried RPC; one AssumeRole for the refresh (plus the first grant).
    expect([delta.oss, delta.ocr, delta.sts]).toEqual([1, 2, 2])
    expect(h.grants).toHaveLength(2)
    const backendCalls = h.rec.sent.filter((s) => s.kind === 'backend' && s.url.endsWith('/api/sts'))
    expect(backendCalls).toHaveLength(2)
    // The refresh told the backend which key the cloud refused, so its cache could not return it.
    expect(JSON.parse(backendCalls[1].body!)).toEqual({ staleAccessKeyId: h.grants[0].credentials.accessKeyId })
    const rpcs = h.rec.sent.filter((s) => s.kind === 'rpc')
    expect(rpcs.map((s) => s.token)).toEqual([h.grants[0].credentials.securityToken, h.grants[1].credentials.securityToken])
    expect(h.staleSends).toEqual([])
  })

  it('while 5 uploads run at once: exactly one refresh, no request signed with a replaced token, all complete', async () => {
    const h = kitFor(faults.stack, 'exp-concurrent')
    await h.kit.prefetch()
    faults.stack.emulator!.expireTokens()
    const { result, delta } = await countDuring(faults.stack, () => Promise.all(Array.from({ length: 5 }, () => h.kit.upload(image()))))
    expect(new Set(result.map((o) => o.key)).size).toBe(5)
    expect(h.grants).toHaveLength(2)
    expect(delta.sts).toBe(1)
    expect(delta.oss).toBe(10) // 5 refused with SecurityTokenExpired, 5 retried with the new token
    const uploads = h.rec.sent.filter((s) => s.kind === 'upload')
    expect(uploads.filter((s) => s.status === 403).every((s) => s.token === h.grants[0].credentials.securityToken)).toBe(true)
    expect(uploads.filter((s) => s.status === 200).every((s) => s.token === h.grants[1].credentials.securityToken)).toBe(true)
    expect(h.staleSends).toEqual([])
    // Every stored object is one of the five keys: the refused attempts stored nothing.
    const stored = faults.stack.emulator!.state.objects.keys('viapi-kit-dev').filter((k) => k.includes('h5_exp-concurrent'))
    expect(stored.sort()).toEqual(result.map((o) => o.key).sort())
  })

  it('while several API calls run at once: one refresh for all of them', async () => {
    const h = kitFor(faults.stack, 'exp-rpc-concurrent')
    const object = await h.kit.upload(image())
    faults.stack.emulator!.expireTokens()
    const { result, delta } = await countDuring(faults.stack, () =>
      Promise.all(Array.from({ length: 4 }, () => h.kit.recognize(recognizeBankCardOperation, object.url))),
    )
    expect(new Set(result.map((r) => r.cardNumber)).size).toBe(1)
    expect(delta.sts).toBe(1)
    expect(delta.ocr).toBe(8)
    expect(h.staleSends).toEqual([])
  })
})
