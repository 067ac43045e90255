import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createAbortController,
  createFetchTransport,
  createMiniProgramTransport,
  createTaroTransport,
  alipayPlatform,
  dingtalkPlatform,
  wechatPlatform,
  NetworkError,
  type MiniProgramGlobal,
  type Transport,
} from '../../src/lib'
import type { TaroLike } from '../../src/lib/platform'
import { createFakeGlobal, type PlatformCall } from '../fakes/mini-program-globals'
import { startRecordServer } from '../fakes/record-server'

/**
 * Every adapter passes the same suite, against a real HTTP server: what the server receives
 * (method, headers, body bytes, multipart parts in order) and what the caller gets back (numeric
 * status, lower-cased headers, text body, typed errors) must be the same on every platform.
 */
const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 3000 }, (_, i) => i % 256)])
const files = new Map([['wxfile://tmp/photo.jpg', { data: PHOTO, type: 'image/jpeg' }]])

/** Taro's alipay/dd mapping of uploadFile and request over a raw `my`-style global, promise-style. */
function fakeTaroOverMy(my: Record<string, any>): TaroLike {
  const promisify =
    (
      fn: (o: Record<string, unknown>) => { abort?: () => void; onProgressUpdate?: unknown } | undefined,
      map: (o: Record<string, unknown>) => Record<string, unknown>,
    ) =>
    (options: Record<string, unknown>) => {
      let task: any
      const p: any = new Promise((resolve, reject) => {
        task = fn({
          ...map(options),
          success: (r: any) => resolve({ ...r, statusCode: Number(r.status ?? r.statusCode), header: r.headers ?? r.header }),
          fail: reject,
        })
      })
      p.abort = () => task?.abort?.()
      p.onProgressUpdate = (cb: unknown) => task?.onProgressUpdate?.(cb)
      return p
    }
  return {
    request: promisify(my.request, ({ header, ...o }) => ({ ...o, headers: header })),
    // Taro renames name → fileName and sets nothing else (no fileType).
    uploadFile: promisify(my.uploadFile, ({ name, ...o }) => ({ ...o, fileName: name })),
  }
}

interface Subject {
  name: string
  make: () => { transport: Transport; calls?: PlatformCall[]; filePath: string | Uint8Array }
  /** What the platform's uploadFile call must carry. */
  uploadCallCheck?: (options: Record<string, unknown>) => void
}

const subjects: Subject[] = [
  {
    name: 'wx (WeChat)',
    make: () => {
      const g = createFakeGlobal('weapp', { files })
      return {
        transport: createMiniProgramTransport(g.api as unknown as MiniProgramGlobal, wechatPlatform),
        calls: g.calls,
        filePath: 'wxfile://tmp/photo.jpg',
      }
    },
    uploadCallCheck: (o) => {
      expect(o.name).toBe('file')
      expect(o).not.toHaveProperty('fileType')
    },
  },
  {
    name: 'my (Alipay)',
    make: () => {
      const g = createFakeGlobal('alipay', { files })
      return {
        transport: createMiniProgramTransport(g.api as unknown as MiniProgramGlobal, alipayPlatform),
        calls: g.calls,
        filePath: 'wxfile://tmp/photo.jpg',
      }
    },
    uploadCallCheck: (o) => {
      // `name` is the documented key since 2022-11, `fileName` for older clients; `fileType` is
      // deprecated but still checked; our own progress bar replaces the client's loading overlay.
      expect(o).toMatchObject({ name: 'file', fileName: 'file', fileType: 'image', hideLoading: true })
    },
  },
  {
    name: 'dd (DingTalk, httpRequest only)',
    make: () => {
      const g = createFakeGlobal('dd', { files })
      return {
        transport: createMiniProgramTransport(g.api as unknown as MiniProgramGlobal, dingtalkPlatform),
        calls: g.calls,
        filePath: 'wxfile://tmp/photo.jpg',
      }
    },
    uploadCallCheck: (o) => {
      expect(o).toMatchObject({ fileName: 'file', fileType: 'image' })
    },
  },
  {
    name: 'Taro over my (alipay mapping)',
    make: () => {
      const g = createFakeGlobal('alipay', { files })
      return { transport: createTaroTransport(fakeTaroOverMy(g.api), alipayPlatform), calls: g.calls, filePath: 'wxfile://tmp/photo.jpg' }
    },
    uploadCallCheck: (o) => {
      expect(o.fileName).toBe('file')
      expect(o.fileType).toBe('image')
    },
  },
  {
    name: 'fetch (Node/H5)',
    make: () => ({ transport: createFetchTransport(), filePath: PHOTO }),
  },
]

let server: Awaited<ReturnType<typeof startRecordServer>>
beforeAll(async () => {
  server = await startRecordServer()
})
afterAll(() => server.close())

describe.each(subjects)('transport conformance: $name', (subject) => {
  it('request: numeric status, lower-cased headers, raw text body', async () => {
    const { transport } = subject.make()
    const res = await transport.request({ url: `${server.url}/json`, method: 'GET' })
    expect(res.status).toBe(200)
    expect(typeof res.status).toBe('number')
    expect(res.headers['x-echo-method']).toBe('GET')
    expect(Object.keys(res.headers).every((k) => k === k.toLowerCase())).toBe(true)
    expect(typeof res.body).toBe('string')
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, path: '/json' })
  })

  it('request: POST sends the exact body and headers', async () => {
    const { transport } = subject.make()
    const body = 'A=1&B=%E9%93%B6%20x'
    await transport.request({
      url: `${server.url}/json?q=1`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-acs-action': 'Test' },
      body,
    })
    const seen = server.last()
    expect(seen.method).toBe('POST')
    expect(seen.url).toBe('/json?q=1')
    expect(seen.headers['x-acs-action']).toBe('Test')
    expect(seen.body.toString()).toBe(body)
  })

  it('request: HTTP 403 is a response, not an exception', async () => {
    const { transport } = subject.make()
    const res = await transport.request({ url: `${server.url}/status/403`, method: 'GET' })
    expect(res.status).toBe(403)
    expect(JSON.parse(res.body)).toMatchObject({ ok: false })
    expect(res.headers['x-request-id']).toMatch(/^rid-/)
  })

  it('uploadFile: fields first, file last under "file", bytes intact, progress reaches 100', async () => {
    const { transport, calls, filePath } = subject.make()
    const progress: number[] = []
    const res = await transport.uploadFile({
      url: `${server.url}/upload`,
      filePath,
      fileName: 'k.jpg',
      fileContentType: 'image/jpeg',
      formData: { key: 'uploads/u1/a.jpg', policy: 'cG9saWN5', success_action_status: '200' },
      onProgress: (p) => progress.push(p.percent),
    })
    expect(res.status).toBe(200)
    const parts = server.last().parts!
    expect(parts.map((p) => p.name)).toEqual(['key', 'policy', 'success_action_status', 'file'])
    expect(parts[0].value).toBe('uploads/u1/a.jpg')
    expect(Buffer.compare(parts[3].data!, Buffer.from(PHOTO))).toBe(0)
    // DingTalk's uploadFile has no task: no progress at all, and the transport says so up front.
    if (transport.uploadProgress === false) expect(progress).toEqual([])
    else expect(progress.at(-1)).toBe(100)
    expect(transport.uploadProgress !== false).toBe(!subject.name.startsWith('dd'))
    if (subject.uploadCallCheck) subject.uploadCallCheck(calls!.find((c) => c.api === 'uploadFile')!.options)
  })

  it('timeout: a request that never answers fails with NetworkError(timeout)', async () => {
    const { transport } = subject.make()
    const err = await transport.request({ url: `${server.url}/slow`, method: 'GET', timeoutMs: 150 }).catch((e) => e)
    expect(err).toBeInstanceOf(NetworkError)
    expect(err.failure).toBe('timeout')
    expect(err.retryable).toBe(true)
  })

  it('upload timeout: an upload that never answers fails with NetworkError(timeout) (my.uploadFile says error 12)', async () => {
    const { transport, filePath } = subject.make()
    const err = await transport.uploadFile({ url: `${server.url}/slow`, filePath, formData: { key: 'k' }, timeoutMs: 150 }).catch((e) => e)
    expect(err).toBeInstanceOf(NetworkError)
    expect(err.failure).toBe('timeout')
  })

  it('abort: cancelling a pending request fails with NetworkError(aborted)', async () => {
    const { transport } = subject.make()
    const controller = createAbortController()
    const pending = transport.request({ url: `${server.url}/slow`, method: 'GET', signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    const err = await pending.catch((e) => e)
    expect(err).toBeInstanceOf(NetworkError)
    expect(err.failure).toBe('aborted')
    expect(err.retryable).toBe(false)
  })

  it('connection refused: NetworkError(failed), URL without its query in the message', async () => {
    const { transport } = subject.make()
    const err = await transport
      .request({ url: 'http://127.0.0.1:1/x?SecurityToken=secret', method: 'GET', timeoutMs: 5000 })
      .catch((e) => e)
    expect(err).toBeInstanceOf(NetworkError)
    expect(err.failure).toBe('failed')
    expect(err.message).not.toContain('secret')
  })
})

describe('DingTalk request API', () => {
  it('uses dd.httpRequest (the documented API) even where the client also exposes request', async () => {
    const g = createFakeGlobal('dd', { files })
    // Some DingTalk clients expose an Alipay-style `request`; DingTalk documents only httpRequest.
    const api = {
      ...g.api,
      request: () => {
        throw new Error('dd.request is not a documented DingTalk API')
      },
    }
    const transport = createMiniProgramTransport(api as unknown as MiniProgramGlobal, dingtalkPlatform)
    const res = await transport.request({ url: `${server.url}/json`, method: 'GET' })
    expect(res.status).toBe(200)
    expect(g.calls.map((c) => c.api)).toEqual(['httpRequest'])
  })
})
