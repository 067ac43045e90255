import { describe, expect, it } from 'vitest'
import { createMiniProgramTransport, NetworkError, PlatformError, type MiniProgramGlobal } from '../../src/lib'
import { platformProfile } from '../../src/lib/platform'

/**
 * Documented my / dd failures fed through the mini-program transport, each expected as its page
 * describes it (docs/platform-contracts.md, "Failure codes"): Alipay's API error FAQ
 * (AlipayDocs/open-docs, "4/11 无权调用该接口 … 没有配置请求白名单导致"; my.uploadFile 13 "没有权限"),
 * my.uploadFile's page (11 文件不存在), DingTalk's dd-upload-objects / mini-program-download-objects
 * (13 没有文件权限; downloadFile lists 12 and 13 only).
 */
type Api = 'request' | 'httpRequest' | 'uploadFile' | 'downloadFile'

function failingGlobal(api: Api, payload: Record<string, unknown>) {
  const calls: Array<Record<string, any>> = []
  const fn = (o: Record<string, any>) => {
    calls.push(o)
    setTimeout(() => o.fail(payload), 0)
    return undefined
  }
  return { global: { uploadFile: fn, [api]: fn } as unknown as MiniProgramGlobal, calls }
}

async function outcome(platform: 'alipay' | 'dd', api: Api, payload: Record<string, unknown>) {
  const { global, calls } = failingGlobal(api, payload)
  const transport = createMiniProgramTransport(global, platformProfile(platform))
  const url = 'https://bucket.oss-cn-shanghai.aliyuncs.com/'
  const run =
    api === 'uploadFile'
      ? transport.uploadFile({ url, filePath: 'https://resource/apmlphoto.image', formData: {} })
      : api === 'downloadFile'
        ? transport.downloadFile!({ url })
        : transport.request({ method: 'GET', url })
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  )
  return { err: err as PlatformError | NetworkError, calls }
}

describe('my / dd failure codes as their pages describe them', () => {
  it.each([
    ['alipay', 'request', 4, '无权调用该接口'],
    ['alipay', 'request', 11, '无权调用该接口'],
    ['alipay', 'uploadFile', 4, '未配置域名白名单，无权访问域名'],
    ['alipay', 'uploadFile', 13, '没有权限'],
    ['dd', 'httpRequest', 11, '无权跨域'],
    ['dd', 'uploadFile', 4, '无权跨域调用'],
  ] as const)(
    '%s %s error %i (%s): the host is not on the allow-list, named with the console field, never a network error',
    async (platform, api, code, message) => {
      const { err } = await outcome(platform, api, { error: code, errorMessage: message })
      expect(err).toBeInstanceOf(PlatformError)
      expect(err).toMatchObject({ reason: 'domain-not-allowed', host: 'https://bucket.oss-cn-shanghai.aliyuncs.com', recovery: 'none' })
      expect((err as PlatformError).allowList).toContain(platform === 'dd' ? 'HTTP 可信域名' : '服务器域名白名单')
    },
  )

  it.each(['uploadFile', 'downloadFile'] as const)('dd %s error 13 (没有文件权限) is a file permission, not a timeout', async (api) => {
    const { err } = await outcome('dd', api, { error: 13, errorMessage: '没有文件权限' })
    expect(err).toBeInstanceOf(PlatformError)
    expect(err).toMatchObject({ reason: 'file-permission', code: 'NoFilePermission', recovery: 'none' })
  })

  it('dd downloadFile error 4 is not on its page: no allow-list meaning, a plain failure', async () => {
    const { err } = await outcome('dd', 'downloadFile', { error: 4, errorMessage: '?' })
    expect(err).toBeInstanceOf(NetworkError)
    expect(err).toMatchObject({ failure: 'failed' })
  })

  it('my.uploadFile error 11 is "文件不存在" on its own page: not the allow-list', async () => {
    const { err } = await outcome('alipay', 'uploadFile', { error: 11, errorMessage: '文件不存在' })
    expect(err).not.toBeInstanceOf(PlatformError)
  })

  it('my.uploadFile error 12 (上传文件失败 … 上传超时) stays a timeout', async () => {
    const { err } = await outcome('alipay', 'uploadFile', { error: 12, errorMessage: '上传文件失败' })
    expect(err).toMatchObject({ failure: 'timeout' })
  })
})

describe('dd uploadFile / downloadFile: no documented timeout option, so the transport times them itself', () => {
  function silentGlobal() {
    const calls: Array<Record<string, any>> = []
    const fn = (o: Record<string, any>) => void calls.push(o)
    return { global: { httpRequest: fn, uploadFile: fn, downloadFile: fn } as unknown as MiniProgramGlobal, calls }
  }

  it('sends no `timeout` key, rejects with NetworkError timeout at the deadline and drops the late answer', async () => {
    const { global, calls } = silentGlobal()
    const transport = createMiniProgramTransport(global, platformProfile('dd'))
    const url = 'https://bucket.oss-cn-shanghai.aliyuncs.com/'
    const started = Date.now()
    const upload = transport.uploadFile({ url, filePath: 'https://resource/apmlphoto.image', formData: {}, timeoutMs: 50 }).then(
      () => 'answered',
      (e) => e,
    )
    const download = transport.downloadFile!({ url, timeoutMs: 50 }).then(
      () => 'answered',
      (e) => e,
    )
    const [u, d] = await Promise.all([upload, download])
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
    for (const err of [u, d]) {
      expect(err).toBeInstanceOf(NetworkError)
      expect(err).toMatchObject({ failure: 'timeout' })
    }
    expect(calls.map((o) => 'timeout' in o)).toEqual([false, false])
    // The platform answers after all: nothing happens (the promise already settled).
    expect(() => calls[0].success({ statusCode: '200', data: '', header: {} })).not.toThrow()
  })

  it('dd.httpRequest documents `timeout`: it is still sent, and no timer of ours runs', async () => {
    const { global, calls } = silentGlobal()
    const transport = createMiniProgramTransport(global, platformProfile('dd'))
    const pending = transport.request({ method: 'GET', url: 'https://example.com/', timeoutMs: 30 })
    await new Promise((r) => setTimeout(r, 80))
    expect(calls[0].timeout).toBe(30)
    calls[0].success({ status: 200, headers: {}, data: 'ok' })
    await expect(pending).resolves.toMatchObject({ status: 200, body: 'ok' })
  })
})
