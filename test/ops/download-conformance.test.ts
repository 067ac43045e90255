import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createFetchTransport,
  createMiniProgramTransport,
  createTaroTransport,
  wechatPlatform,
  NetworkError,
  type Transport,
} from '../../src/lib'
import { platformProfile } from '../../src/lib/platform'
import { createFakeGlobal } from '../fakes/mini-program-globals'
import { startImageHost } from './helpers'

/** downloadFile through every adapter, over real HTTP: same normalized answer whatever the platform. */
const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8])
let host: Awaited<ReturnType<typeof startImageHost>>
beforeAll(async () => {
  host = await startImageHost({ '/a.jpg': { body: bytes, type: 'image/jpeg' } })
})
afterAll(() => host?.close())

function fakeTaro(platform: 'weapp' | 'alipay' | 'dd') {
  const { api } = createFakeGlobal(platform)
  // Taro's promise + task shape over the raw global (enough of @tarojs/taro for downloadFile).
  const wrap = (name: string) => (o: Record<string, unknown>) => {
    let task: { abort?: () => void; onProgressUpdate?: (cb: (p: Record<string, number>) => void) => void } | undefined
    const p = new Promise<Record<string, unknown>>((resolve, reject) => {
      task = (api[name] as (o: Record<string, unknown>) => typeof task)({ ...o, success: resolve, fail: reject })
    }) as Promise<Record<string, unknown>> & { abort?: () => void; onProgressUpdate?: unknown }
    p.abort = () => task?.abort?.()
    p.onProgressUpdate = task?.onProgressUpdate
    return p
  }
  return { api, taro: { request: wrap('request'), uploadFile: wrap('uploadFile'), downloadFile: wrap('downloadFile') } }
}

const cases: Array<[string, () => { transport: Transport; read: (path: string) => Uint8Array | undefined }]> = [
  ...(['weapp', 'alipay', 'dd'] as const).map(
    (p): [string, () => { transport: Transport; read: (path: string) => Uint8Array | undefined }] => [
      `mini-program ${p}`,
      () => {
        const files = new Map<string, { data: Uint8Array; type?: string }>()
        const { api } = createFakeGlobal(p, { files })
        return { transport: createMiniProgramTransport(api as never, platformProfile(p)), read: (path) => files.get(path)?.data }
      },
    ],
  ),
  [
    'taro weapp',
    () => {
      const { taro } = fakeTaro('weapp')
      return { transport: createTaroTransport(taro as never, wechatPlatform), read: () => undefined }
    },
  ],
  ['fetch', () => ({ transport: createFetchTransport(), read: () => undefined })],
]

describe.each(cases)('downloadFile: %s', (_name, make) => {
  it('a 2xx answers {status: 200} with a local path (mini programs) or the bytes (fetch)', async () => {
    const { transport, read } = make()
    const percents: number[] = []
    const res = await transport.downloadFile!({ url: `${host.url}/a.jpg`, onProgress: (p) => percents.push(p.percent) })
    expect(res.status).toBe(200)
    const got = res.bytes ?? read(res.filePath!)
    if (res.filePath && !read(res.filePath)) expect(res.filePath).toMatch(/^(wxfile|https):\/\//)
    else expect(Buffer.from(got!)).toEqual(bytes)
    expect(percents.at(-1)).toBe(100)
  })

  it('a 404 answers no file (status 404 where the platform reports it)', async () => {
    const { transport } = make()
    const res = await transport.downloadFile!({ url: `${host.url}/missing.jpg` }).catch((e) => e)
    if (res instanceof NetworkError) expect(res.failure).toBe('failed')
    else {
      expect(res.filePath).toBeUndefined()
      expect(res.bytes).toBeUndefined()
      expect(res.status === 404 || res.status === 0).toBe(true)
    }
  })

  it('a refused connection is a NetworkError', async () => {
    const { transport } = make()
    const err = await transport.downloadFile!({ url: 'http://127.0.0.1:1/a.jpg' }).catch((e) => e)
    expect(err).toBeInstanceOf(NetworkError)
    expect(err.failure).toBe('failed')
  })
})
