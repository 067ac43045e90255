import { describe, expect, it } from 'vitest'
import { buildServer } from '../../server/app'
import { FakeClock, FakeSts, fakeVerifier, testConfig } from './helpers'

function capture() {
  const lines: string[] = []
  return {
    lines,
    stream: {
      write: (l: string) => {
        lines.push(l)
      },
    },
  }
}

describe('logging', () => {
  it('a full login + sts flow logs requests but no token, code or STS secret', async () => {
    const { lines, stream } = capture()
    const clock = new FakeClock()
    const sts = new FakeSts(clock)
    const app = buildServer(testConfig({ LOG_LEVEL: 'info' }), { clock, sts, logStream: stream, loginVerifiers: { weapp: fakeVerifier() } })
    const login = await app.inject({
      method: 'POST',
      url: '/api/login?code=LEAKYQUERY',
      payload: { platform: 'weapp', code: 'u:alice#LOGINCODE123' },
    })
    const { token } = login.json()
    const res = await app.inject({ method: 'POST', url: '/api/sts', headers: { authorization: `Bearer ${token}` } })
    expect(res.statusCode).toBe(200)
    sts.script = [Object.assign(new Error('boom secret-xyz'), { code: 'ServiceUnavailable', statusCode: 503, requestId: 'RID-1' })]
    clock.advance(3600_000)
    await app.inject({ method: 'POST', url: '/api/sts', headers: { authorization: `Bearer ${token}` } })
    const all = lines.join('')
    expect(all).toContain('"url":"/api/sts"')
    expect(all).toContain('"upstreamCode":"ServiceUnavailable"')
    expect(all).toContain('RID-1')
    for (const secret of [token, token.split('.')[1], 'LOGINCODE123', 'LEAKYQUERY', 'secret-1', 'token-1', 'secret-xyz']) {
      expect(all).not.toContain(secret)
    }
  })

  it('redacts secret-bearing fields even if code logs them by mistake', () => {
    const { lines, stream } = capture()
    const app = buildServer(testConfig({ LOG_LEVEL: 'info' }), { logStream: stream, sts: new FakeSts(new FakeClock()) })
    app.log.info(
      {
        authorization: 'Bearer abc.def',
        headers: { authorization: 'Bearer abc.def' },
        body: { code: 'c0de' },
        accessKeySecret: 'AKS',
        securityToken: 'STK',
        token: 'TKN',
        code: 'CODE',
        creds: { accessKeySecret: 'AKS2', securityToken: 'STK2', token: 'TKN2' },
      },
      'oops',
    )
    const line = lines.find((l) => l.includes('oops')) ?? ''
    expect(line).toContain('[redacted]')
    for (const s of ['abc.def', 'c0de', 'AKS', 'STK', 'TKN', '"CODE"']) expect(line).not.toContain(s)
    // Anything under `req` goes through the request serializer, which keeps no headers.
    expect(() => app.log.info({ req: { headers: { authorization: 'Bearer zz.yy' } } }, 'req-shaped')).not.toThrow()
    expect(lines.join('')).not.toContain('zz.yy')
  })
})
