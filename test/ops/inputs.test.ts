import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isShanghaiOssUrl, ossUriOf } from '../../src/lib/oss'
import { startStack, type Stack } from '../../scripts/stack'
import { makeCardPhoto } from '../support/images'
import { kitFor, startImageHost } from './helpers'
import { recognizeBankCardOperation, segmentCommonImageOperation } from '../../src/lib'

let stack: Stack
let photo: Buffer
let host: Awaited<ReturnType<typeof startImageHost>>

beforeAll(async () => {
  // Input forms, not image-URL routes (test/integration/image-url-routes.test.ts): the plain URL of
  // an uploaded object is handed back as it is, so the emulator may read it.
  stack = await startStack({ emulatorPort: 0, backendPort: 0, env: {}, emulator: { sameAccountRead: true } })
  photo = await makeCardPhoto()
  host = await startImageHost({
    '/card.jpg': { body: photo, type: 'image/jpeg' },
    '/card-no-type': { body: photo, type: 'application/octet-stream' },
  })
})
afterAll(async () => {
  await host?.close()
  await stack?.close()
})

describe('isShanghaiOssUrl / ossUriOf', () => {
  it.each([
    ['https://my-bucket.oss-cn-shanghai.aliyuncs.com/a/b.jpg', undefined, true],
    ['https://my-bucket.oss-cn-shanghai-internal.aliyuncs.com/a.jpg', undefined, true],
    ['https://my-bucket.oss-cn-beijing.aliyuncs.com/a.jpg', undefined, false],
    ['https://my-bucket.oss-cn-shanghai.aliyuncs.com/', undefined, false],
    ['https://evil.com/my-bucket.oss-cn-shanghai.aliyuncs.com/a.jpg', undefined, false],
    ['http://127.0.0.1:9100/oss/viapi-kit-dev/uploads/u/a.jpg', 'http://127.0.0.1:9100/oss/viapi-kit-dev', true],
    ['http://127.0.0.1:9100/oss/other/a.jpg', 'http://127.0.0.1:9100/oss/viapi-kit-dev', false],
  ] as const)('%s (grant host %s) → %s', (url, grantHost, expected) => {
    expect(isShanghaiOssUrl(url, grantHost)).toBe(expected)
  })

  it('maps both host styles to oss://bucket/key', () => {
    expect(ossUriOf('https://b-1.oss-cn-shanghai.aliyuncs.com/uploads/u/x%20y.jpg')).toBe('oss://b-1/uploads/u/x y.jpg')
    expect(ossUriOf('http://127.0.0.1:1/oss/b-1/uploads/u/a.jpg', { host: 'http://127.0.0.1:1/oss/b-1', bucket: 'b-1' })).toBe(
      'oss://b-1/uploads/u/a.jpg',
    )
    expect(ossUriOf('https://example.com/a.jpg')).toBeUndefined()
  })
})

describe('images given by URL', () => {
  it('(a) an image already in Shanghai OSS is read where it is: one API call, no upload', async () => {
    const kit = kitFor(stack, 'url-direct')
    const uploaded = await kit.upload({ path: new Uint8Array(photo), contentType: 'image/jpeg', size: photo.length })
    const before = stack.emulator!.counters()
    const card = await kit.recognize(recognizeBankCardOperation, uploaded.url)
    const viaObject = await kit.recognize(recognizeBankCardOperation, { url: uploaded.url })
    const after = stack.emulator!.counters()
    expect(card.cardNumber).toMatch(/^\d{16,19}$/)
    expect(viaObject.cardNumber).toBe(card.cardNumber)
    expect(viaObject.object).toBeUndefined()
    expect(after.oss - before.oss).toBe(0)
    expect(after.ocr - before.ocr).toBe(2)
  })

  it('(b) an image elsewhere is downloaded, uploaded to Shanghai OSS, then recognized, with a downloading phase', async () => {
    const kit = kitFor(stack, 'url-remote')
    const direct = await kit.recognize(recognizeBankCardOperation, {
      path: new Uint8Array(photo),
      contentType: 'image/jpeg',
      size: photo.length,
    })
    const phases: string[] = []
    const hitsBefore = host.hits()
    const result = await kit.recognize(
      recognizeBankCardOperation,
      { url: `${host.url}/card-no-type` },
      { onProgress: (u) => phases.push(u.phase) },
    )
    expect(host.hits() - hitsBefore).toBe(1)
    expect(result.cardNumber).toBe(direct.cardNumber)
    expect(result.object!.key).toMatch(/^uploads\/h5_[^/]+\/\d{8}\/.+\.jpg$/)
    expect(phases[0]).toBe('downloading')
    expect(phases).toEqual(expect.arrayContaining(['downloading', 'credentials', 'uploading', 'analyzing', 'done']))
    expect(phases.indexOf('uploading')).toBeGreaterThan(phases.lastIndexOf('downloading'))
  })

  it('a remote URL that answers 404 is a typed InputError before any upload', async () => {
    const kit = kitFor(stack, 'url-404')
    await kit.prefetch()
    const before = stack.emulator!.counters().oss
    const err = await kit.recognize(segmentCommonImageOperation, { url: `${host.url}/missing.jpg` }).catch((e) => e)
    expect(err.code).toBe('DownloadFailed')
    expect(stack.emulator!.counters().oss).toBe(before)
  })
})
