import { createHash, randomBytes } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { NetworkError, recognizeBankCardOperation } from '../../src/lib'
import type { Stack } from '../../scripts/stack'
import { makeCardPhoto } from '../support/images'
import { BUCKET, countDuring, kitFor, startReliabilityStack } from './harness'

// Faults: the connection drops, or the upload times out, in the middle of a PostObject. The kit
// uploads the same photo again (no re-pick), under the same key; the emulator stores nothing for
// a request that did not arrive whole, so there is never a half object for the API to read.
let stack: Stack
let photo: Uint8Array
/** ~2.5 MB: big enough that a stalled server leaves the client blocked in the middle of the body. */
let big: Uint8Array
const md5 = (b: Uint8Array) => `"${createHash('md5').update(b).digest('hex').toUpperCase()}"`
const userKeys = (user: string) => stack.emulator!.state.objects.keys(BUCKET).filter((k) => k.includes(`h5_${user}/`))

beforeAll(async () => {
  stack = await startReliabilityStack()
  photo = new Uint8Array(await makeCardPhoto())
  big = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2_500_000)]))
})
afterEach(() => stack.emulator!.clearFaults())
afterAll(() => stack?.close())

describe('fault: dropped connection mid-upload', () => {
  it('the same photo is uploaded again under the same key; nothing was stored for the dropped attempt', async () => {
    const h = kitFor(stack, 'drop-once')
    await h.kit.prefetch()
    const storedAtFailure: boolean[] = []
    h.rec.afterUpload = (req, outcome) => {
      if (outcome instanceof Error)
        storedAtFailure.push(stack.emulator!.state.objects.get(BUCKET, req.formData.key, Date.now()) !== undefined)
    }
    stack.emulator!.setFaults({ rules: [{ service: 'oss', kind: 'drop', count: 1 }] })
    const { result, delta } = await countDuring(stack, () =>
      h.kit.recognize(recognizeBankCardOperation, { path: photo, contentType: 'image/jpeg' }),
    )
    expect(result.cardNumber).toMatch(/^\d{16,19}$/)
    expect([delta.oss, delta.ocr]).toEqual([2, 1])
    const uploads = h.rec.sent.filter((s) => s.kind === 'upload')
    expect(uploads.map((s) => s.error ?? s.status)).toEqual(['NetworkError', 200])
    expect(uploads[0].key).toBe(uploads[1].key)
    expect(storedAtFailure).toEqual([false])
    expect(userKeys('drop-once')).toEqual([result.object!.key])
  })

  it('dropped every time: a typed NetworkError after 3 attempts, and the API cannot read the key', async () => {
    const h = kitFor(stack, 'drop-always')
    await h.kit.prefetch()
    stack.emulator!.setFaults({ rules: [{ service: 'oss', kind: 'drop' }] })
    const { result: err, delta } = await countDuring(stack, () => h.kit.upload({ path: photo, contentType: 'image/jpeg' }).catch((e) => e))
    expect(err).toBeInstanceOf(NetworkError)
    expect([err.failure, err.retryable]).toEqual(['failed', true])
    expect(delta.oss).toBe(3)
    stack.emulator!.clearFaults()
    expect(userKeys('drop-always')).toEqual([])
    const key = h.rec.sent.find((s) => s.kind === 'upload')!.key!
    const apiErr = await h.kit.recognize(recognizeBankCardOperation, `${stack.emulatorUrl}/oss/${BUCKET}/${key}`).catch((e) => e)
    expect(apiErr.code).toMatch(/^InvalidImage/)
  })
})

describe('fault: upload timeout', () => {
  it('OSS stalls past the upload timeout: the photo is uploaded again and the key holds the whole photo', async () => {
    const h = kitFor(stack, 'slow-upload', { uploadTimeoutMs: 400 })
    await h.kit.prefetch()
    stack.emulator!.setFaults({ rules: [{ service: 'oss', kind: 'latency', ms: 1500, count: 1 }] })
    const { result, delta } = await countDuring(stack, () => h.kit.upload({ path: big, contentType: 'image/jpeg' }))
    expect(delta.oss).toBe(2)
    const uploads = h.rec.sent.filter((s) => s.kind === 'upload')
    expect(uploads.map((s) => s.error ?? s.status)).toEqual(['Timeout', 200])
    // Let the stalled first request wake up and finish whatever it received.
    await new Promise((r) => setTimeout(r, 1800))
    expect(userKeys('slow-upload')).toEqual([result.key])
    const stored = stack.emulator!.state.objects.get(BUCKET, result.key, Date.now())!
    expect(stored.body.length).toBe(big.length)
    expect(stored.etag).toBe(md5(big))
  })

  it('the connection dies half-way through the body: nothing is stored for it, the retry stores the whole photo', async () => {
    const stalled = stallingFetch(1)
    const h = kitFor(stack, 'half-body', { uploadTimeoutMs: 500, fetch: stalled.fetch })
    await h.kit.prefetch()
    const storedAtFailure: boolean[] = []
    h.rec.afterUpload = async (req, outcome) => {
      if (!(outcome instanceof Error)) return
      await new Promise((r) => setTimeout(r, 100)) // let the server see the connection close
      storedAtFailure.push(stack.emulator!.state.objects.get(BUCKET, req.formData.key, Date.now()) !== undefined)
    }
    const { result, delta } = await countDuring(stack, () => h.kit.upload({ path: big, contentType: 'image/jpeg' }))
    expect(stalled.cut).toBe(1)
    expect(delta.oss).toBe(2)
    expect(h.rec.sent.filter((s) => s.kind === 'upload').map((s) => s.error ?? s.status)).toEqual(['Timeout', 200])
    expect(storedAtFailure).toEqual([false])
    expect(userKeys('half-body')).toEqual([result.key])
    expect(stack.emulator!.state.objects.get(BUCKET, result.key, Date.now())!.etag).toBe(md5(big))
  })

  it('every attempt dies half-way: a typed Timeout error, and nothing at all is stored', async () => {
    const stalled = stallingFetch(Infinity)
    const h = kitFor(stack, 'half-always', { uploadTimeoutMs: 300, fetch: stalled.fetch })
    await h.kit.prefetch()
    const err = await h.kit.upload({ path: big, contentType: 'image/jpeg' }).catch((e) => e)
    expect(err).toBeInstanceOf(NetworkError)
    expect([err.code, err.failure, err.retryable]).toEqual(['Timeout', 'timeout', true])
    expect(stalled.cut).toBe(3)
    await new Promise((r) => setTimeout(r, 300))
    expect(userKeys('half-always')).toEqual([])
  })
})

/**
 * A fetch whose first `times` multipart uploads send half of the body and then stall, like a
 * connection that dies mid-upload; the transport's timeout then aborts them.
 */
function stallingFetch(times: number) {
  const state = { cut: 0, fetch: undefined as unknown as typeof fetch }
  state.fetch = async (url: string | URL | Request, init?: RequestInit) => {
    if (!(init?.body instanceof FormData) || state.cut >= times) return fetch(url, init)
    state.cut += 1
    const encoded = new Response(init.body)
    const bytes = new Uint8Array(await encoded.arrayBuffer())
    const half = bytes.subarray(0, bytes.length >> 1)
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(half) // …and never the rest, never close
      },
    })
    const headers = { 'content-type': encoded.headers.get('content-type')!, 'content-length': String(bytes.length) }
    return fetch(url, { ...init, body, headers, duplex: 'half' } as RequestInit)
  }
  return state
}
