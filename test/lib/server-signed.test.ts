import { describe, expect, it } from 'vitest'
import { createViapiKit, NetworkError, serverSignedUploads, type Transport } from '../../src/lib'
import { uploadServerSigned, type SignedPostPolicy } from '../../src/lib/oss'
import type { HttpResponse, UploadRequest } from '../../src/lib/transport'

// The server-signed upload runs the kit's one retry loop: throttling is retried, the upload timeout
// reaches every attempt, waits are jittered, and a refused form is replaced by the recovery its
// error carries. Each of these failed on the loop it replaces.

const osserror = (status: number, code: string, message = 'm'): HttpResponse => ({
  status,
  headers: {},
  body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>r</RequestId></Error>`,
})
const stored: HttpResponse = { status: 200, headers: { etag: '"e"' }, body: '' }

function setup(answers: Array<HttpResponse | Error>, extra: { random?: () => number; timeoutMs?: number } = {}) {
  const uploads: UploadRequest[] = []
  const transport: Transport = {
    platform: 'test',
    request: async () => {
      throw new Error('no requests expected')
    },
    uploadFile: async (req) => {
      uploads.push(req)
      const next = answers.shift() ?? stored
      if (next instanceof Error) throw next
      return next
    },
  }
  let issued = 0
  const policies = async (): Promise<SignedPostPolicy> => {
    issued++
    return {
      host: 'https://b.oss-cn-shanghai.aliyuncs.com',
      bucket: 'b',
      key: `uploads/u/20261123/p${issued}.jpg`,
      url: `https://b.oss-cn-shanghai.aliyuncs.com/uploads/u/20261123/p${issued}.jpg`,
      formData: { key: `uploads/u/20261123/p${issued}.jpg`, policy: `policy-${issued}` },
      expiration: new Date(Date.now() + 120_000),
      maxBytes: 3_000_000,
    }
  }
  const sleeps: number[] = []
  const run = () =>
    uploadServerSigned({
      transport,
      policies,
      filePath: new Uint8Array([0xff, 0xd8, 0xff]),
      contentType: 'image/jpeg',
      size: 3,
      sleep: async (ms) => void sleeps.push(ms),
      now: () => Date.now(),
      ...extra,
    })
  return { run, uploads, sleeps, issued: () => issued }
}

describe('server-signed upload: retries', () => {
  it('429 (and SlowDown) are retried with backoff', async () => {
    const s = setup([osserror(429, 'TooManyRequests'), osserror(503, 'SlowDown')], { random: () => 0.5 })
    const object = await s.run()
    expect(object.key).toBe('uploads/u/20261123/p1.jpg')
    expect(s.uploads).toHaveLength(3)
    expect(s.sleeps).toEqual([300, 600])
  })

  it('honours the upload timeout on every attempt', async () => {
    const s = setup([new NetworkError('timeout', 'POST', 'https://b.oss-cn-shanghai.aliyuncs.com')], { timeoutMs: 12_345 })
    await s.run()
    expect(s.uploads.map((u) => u.timeoutMs)).toEqual([12_345, 12_345])
  })

  it('waits are jittered: the injected random moves them within [half, all] of the ceiling', async () => {
    const waits = async (random: () => number) => {
      const s = setup([osserror(503, 'ServiceUnavailable'), osserror(503, 'ServiceUnavailable')], { random })
      await s.run()
      return s.sleeps
    }
    expect(await waits(() => 0)).toEqual([200, 400])
    expect(await waits(() => 0.999999)).toEqual([expect.closeTo(400, 3), expect.closeTo(800, 3)])
  })

  it('a credential error the form was refused for gets a new form once, by the recovery on the error (InvalidAccessKeyId included)', async () => {
    const s = setup([osserror(403, 'InvalidAccessKeyId'), osserror(403, 'InvalidAccessKeyId')])
    const err = await s.run().catch((e) => e)
    expect(err.code).toBe('InvalidAccessKeyId')
    expect(s.issued()).toBe(2)
    expect(s.uploads.map((u) => u.formData?.policy)).toEqual(['policy-1', 'policy-2'])
  })

  it('a new form does not use up an attempt: expired token, then two 503s, then stored', async () => {
    const s = setup([osserror(403, 'SecurityTokenExpired'), osserror(503, 'ServiceUnavailable'), osserror(503, 'ServiceUnavailable')])
    const object = await s.run()
    expect(object.key).toBe('uploads/u/20261123/p2.jpg')
    expect(s.uploads).toHaveLength(4)
    expect(s.sleeps).toHaveLength(2)
  })

  it('a refused file (EntityTooLarge) is not retried', async () => {
    const s = setup([osserror(400, 'EntityTooLarge')])
    expect((await s.run().catch((e) => e)).code).toBe('EntityTooLarge')
    expect(s.uploads).toHaveLength(1)
  })
})

describe('kit in server-signed mode', () => {
  it('passes uploadTimeoutMs and its random to the server-signed upload', async () => {
    const answers = [osserror(500, 'InternalError')]
    const uploads: UploadRequest[] = []
    const transport: Transport = {
      platform: 'test',
      request: async () => {
        throw new Error('no requests expected')
      },
      uploadFile: async (req) => {
        uploads.push(req)
        return answers.shift() ?? stored
      },
    }
    const sleeps: number[] = []
    const kit = createViapiKit({
      transport,
      grants: async () => {
        throw new Error('server-signed mode needs no grant')
      },
      uploadMode: serverSignedUploads(async () => ({
        host: 'https://b.oss-cn-shanghai.aliyuncs.com',
        bucket: 'b',
        key: 'k/x.jpg',
        url: 'https://b.oss-cn-shanghai.aliyuncs.com/k/x.jpg',
        formData: {},
        expiration: new Date(Date.now() + 60_000),
        maxBytes: 100,
      })),
      uploadTimeoutMs: 7_000,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0,
    })
    await kit.upload({ path: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]), contentType: 'image/jpeg' })
    expect(uploads.map((u) => u.timeoutMs)).toEqual([7_000, 7_000])
    expect(sleeps).toEqual([200])
  })
})
