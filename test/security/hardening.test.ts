import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, endpointVariable, loadConfig } from '../../server/config'
import { CLIENT_OPERATIONS } from '../../src/lib'
import { verifySession } from '../../server/session/token'
import type { Stack } from '../../scripts/stack'
import { loginToken, startReliabilityStack } from '../reliability/harness'

const ROOT = path.resolve(__dirname, '../..')
let stack: Stack

beforeAll(async () => {
  stack = await startReliabilityStack()
})
afterAll(() => stack?.close())

describe('/api/sts never answers an unauthenticated caller (real HTTP)', () => {
  const attempts: Array<[string, Record<string, string>]> = [
    ['no Authorization', {}],
    ['Basic auth', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
    ['empty Bearer', { authorization: 'Bearer ' }],
    ['garbage Bearer', { authorization: 'Bearer not-a-token' }],
    [
      'unsigned token (empty signature)',
      { authorization: `Bearer ${Buffer.from('{"sub":"h5_x","plat":"h5","iat":1,"exp":9999999999}').toString('base64url')}.` },
    ],
    [
      'forged signature',
      {
        authorization: `Bearer ${Buffer.from('{"sub":"h5_x","plat":"h5","iat":1,"exp":9999999999}').toString('base64url')}.${'A'.repeat(43)}`,
      },
    ],
    ['token in a cookie', { cookie: 'token=abc.def' }],
    ['two tokens', { authorization: 'Bearer a.b, Bearer c.d' }],
  ]
  it.each(attempts)('%s → 401, no AssumeRole', async (_name, headers) => {
    const before = stack.emulator!.counters().sts
    const res = await fetch(`${stack.backendUrl}/api/sts`, { method: 'POST', headers })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ code: expect.stringMatching(/^(Unauthorized|InvalidSession)$/), message: expect.any(String) })
    expect(stack.emulator!.counters().sts).toBe(before)
  })

  it('a token minted with another backend’s secret → 401', async () => {
    const other = await startReliabilityStack()
    try {
      const foreign = await loginToken(other, 'mallory')
      const res = await fetch(`${stack.backendUrl}/api/sts`, { method: 'POST', headers: { authorization: `Bearer ${foreign}` } })
      expect([res.status, (await res.json()).code]).toEqual([401, 'InvalidSession'])
    } finally {
      await other.close()
    }
  })
})

describe('session tokens are signed and short-lived', () => {
  it('a real login token verifies only with the backend secret and lives SESSION_TTL_SECONDS (2 h default)', async () => {
    const token = await loginToken(stack, 'ttl-user')
    const ok = verifySession(stack.config.session.secret, token, Date.now())
    expect(ok.ok).toBe(true)
    if (!ok.ok) return
    expect(ok.session.exp - ok.session.iat).toBe(7200)
    expect(verifySession('x'.repeat(32), token, Date.now()).ok).toBe(false)
    expect(verifySession(stack.config.session.secret, token, (ok.session.exp + 1) * 1000)).toEqual({ ok: false, reason: 'SessionExpired' })
  })
})

describe('secrets are compared in constant time', () => {
  it('every signature/secret comparison in the backend and emulator goes through timingSafeEqual', () => {
    const checks: Array<[string, RegExp]> = [
      ['server/session/token.ts', /timingSafeEqual\(given, expected\)/],
      ['emulator/rpc/auth.ts', /timingSafeEqual\(x, y\)/],
      ['emulator/oss/post-signature.ts', /timingSafeEqual/],
    ]
    for (const [file, pattern] of checks) expect(readFileSync(path.join(ROOT, file), 'utf8')).toMatch(pattern)
    // And no plain equality against a signature or secret anywhere in those verifiers.
    for (const [file] of checks) {
      expect(readFileSync(path.join(ROOT, file), 'utf8')).not.toMatch(
        /(signature|secret|expected)\s*[!=]==\s*(signature|given|expected|secret)\b/i,
      )
    }
  })
})

describe('HTTPS and headers in production', () => {
  it('cloud mode refuses every plain-http endpoint, naming the variable', () => {
    // Every operation's product: OCR_ENDPOINT, IMAGESEG_ENDPOINT, MODERATION_ENDPOINT, IMM_ENDPOINT today.
    const products = [...new Set(CLIENT_OPERATIONS.map((o) => endpointVariable(o.product)))]
    const vars = ['STS_ENDPOINT', 'OSS_ENDPOINT', ...products, 'WECHAT_API_BASE', 'ALIPAY_GATEWAY', 'DINGTALK_API_BASE']
    const env: Record<string, string> = {
      APP_MODE: 'cloud',
      SESSION_SECRET: 'k9X2mQ7vL4pR8sT1wY6zB3nC5dF0gH2j',
      ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1234567890123456:role/viapi-kit-uploader',
    }
    for (const v of vars) env[v] = 'http://insecure.example.com'
    let err: unknown
    try {
      loadConfig(env)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    for (const v of vars) expect((err as ConfigError).problems.some((p) => p.startsWith(`${v}:`) && p.includes('https'))).toBe(true)
    // The same config with https everywhere loads.
    for (const v of vars) env[v] = 'https://secure.example.com'
    env.ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do'
    expect(loadConfig(env).mode).toBe('cloud')
  })

  it('security headers (helmet) and no-store on real HTTP answers of /api/login and /api/sts', async () => {
    const token = await loginToken(stack, 'headers')
    const sts = await fetch(`${stack.backendUrl}/api/sts`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    const denied = await fetch(`${stack.backendUrl}/api/sts`, { method: 'POST' })
    for (const res of [sts, denied]) {
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
      expect(res.headers.get('x-powered-by')).toBeNull()
    }
    expect(sts.headers.get('cache-control')).toBe('no-store')
  })
})
