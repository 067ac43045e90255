import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFetchTransport, createViapiKit, recognizeBankCardOperation } from '../../src/lib'
import { createClock, fromViapiTempBucket, VIAPI_TEMP_BUCKET, type Credentials } from '../../src/lib/credentials'
import { buildPostObjectForm, parseOssError } from '../../src/lib/oss'
import { DEV_ROOT_ACCESS_KEY_ID, DEV_ROOT_ACCESS_KEY_SECRET, startEmulator, type RunningEmulator } from '../../emulator'
import { makeCardPhoto } from '../support/images'

/**
 * The temporary-bucket mode for accounts without a Shanghai bucket: GetOssStsToken (viapiutils)
 * → upload to viapi-customer-temp under the returned AccessKeyId → the API called with the
 * caller's own key. Against the emulator, which enforces the key prefix and the token scope.
 */
let emu: RunningEmulator
let photo: Buffer
// A server-side key (a long-term one here: the CLI / a backend job), never shipped to a device.
const own: Credentials = {
  accessKeyId: DEV_ROOT_ACCESS_KEY_ID,
  accessKeySecret: DEV_ROOT_ACCESS_KEY_SECRET,
  securityToken: '',
  expiration: new Date(Date.now() + 86_400_000),
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 })
  photo = await makeCardPhoto({ seed: 7 })
})
afterAll(() => emu?.close())

function grants() {
  return fromViapiTempBucket({
    transport: createFetchTransport(),
    credentials: async () => own,
    clock: createClock(),
    viapiutilsEndpoint: emu.url,
    endpoints: { ocr: emu.url, imageseg: emu.url },
    ossHost: `${emu.url}/oss/${VIAPI_TEMP_BUCKET}`,
  })
}

describe('viapi temporary bucket', () => {
  it('GetOssStsToken → upload under the temp AccessKeyId → RecognizeBankCard with the caller’s key', async () => {
    const kit = createViapiKit({ transport: createFetchTransport(), grants: grants() })
    const before = emu.counters()
    const card = await kit.recognize(recognizeBankCardOperation, {
      path: new Uint8Array(photo),
      contentType: 'image/jpeg',
      size: photo.length,
    })
    expect(card.cardNumber).toMatch(/^\d{16,19}$/)
    expect(card.object!.bucket).toBe(VIAPI_TEMP_BUCKET)
    const after = emu.counters()
    expect((after.viapiutils ?? 0) - (before.viapiutils ?? 0)).toBe(1)
    expect((after.oss ?? 0) - (before.oss ?? 0)).toBe(1)
  })

  it('the grant’s upload key prefix is the temp AccessKeyId, and the bucket refuses any other key', async () => {
    const g = await grants()()
    expect(g.oss.keyPrefix).toBe(`${g.credentials.accessKeyId}/`)
    expect(g.apiCredentials).toBe(own)
    const form = buildPostObjectForm({
      credentials: g.credentials,
      bucket: g.oss.bucket,
      region: 'cn-shanghai',
      key: 'someone-else/x.jpg',
      contentType: 'image/jpeg',
      maxBytes: g.oss.maxBytes,
      now: Date.now(),
    })
    const body = new FormData()
    for (const [k, v] of Object.entries(form)) body.append(k, v)
    body.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'x.jpg')
    const res = await fetch(g.oss.host, { method: 'POST', body })
    const err = parseOssError({ status: res.status, headers: {}, body: await res.text() })
    expect(err.status).toBe(403)
    expect(err.code).toBe('AccessDenied')
  })
})
