import { createVerify, generateKeyPairSync } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createAlipayVerifier } from '../../server/login/alipay'
import { ALIPAY_SIGNATURE_INVALID } from '../../server/login/alipay-failure'
import { alipayTimestamp } from '../../server/login/alipay-timestamp'
import { createDingtalkVerifier } from '../../server/login/dingtalk'
import { createH5DevVerifier } from '../../server/login/h5-dev'
import { LoginError } from '../../server/login/types'
import { createWechatVerifier } from '../../server/login/wechat'
import { FakeClock, T0 } from './helpers'
import { alipayAnswer } from './alipay-answer'
import { startFixture } from './http-fixture'

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()))
})
async function fixture(...args: Parameters<typeof startFixture>) {
  const f = await startFixture(...args)
  closers.push(f.close)
  return f
}
async function failure(p: Promise<unknown>): Promise<LoginError> {
  try {
    await p
  } catch (err) {
    if (err instanceof LoginError) return err
    throw err
  }
  throw new Error('expected a LoginError')
}

describe('WeChat jscode2session', () => {
  it('sends appid, secret, js_code, grant_type as a GET query and returns the openid', async () => {
    const f = await fixture(() => ({
      text: JSON.stringify({ openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', session_key: 'SK' }),
      contentType: 'text/plain',
    }))
    const v = createWechatVerifier({ appId: 'wx123', appSecret: 'sec', apiBase: f.url })
    expect(await v.verify('081abc')).toEqual({ providerUserId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' })
    const [r] = f.requests
    expect(r.method).toBe('GET')
    expect(r.path).toBe('/sns/jscode2session')
    expect(Object.fromEntries(r.query)).toEqual({ appid: 'wx123', secret: 'sec', js_code: '081abc', grant_type: 'authorization_code' })
  })

  it('maps errcodes: 40029/40163 → InvalidCode, -1 → unavailable, 40013 → rejected', async () => {
    const answers = [
      { errcode: 40029, errmsg: 'invalid code' },
      { errcode: 40163, errmsg: 'code been used' },
      { errcode: -1 },
      { errcode: 40013, errmsg: 'invalid appid' },
    ]
    const f = await fixture(() => ({ json: answers.shift() }))
    const v = createWechatVerifier({ appId: 'wx', appSecret: 's', apiBase: f.url })
    expect((await failure(v.verify('a'))).kind).toBe('InvalidCode')
    expect((await failure(v.verify('b'))).kind).toBe('InvalidCode')
    expect((await failure(v.verify('c'))).kind).toBe('ProviderUnavailable')
    const rejected = await failure(v.verify('d'))
    expect([rejected.kind, rejected.providerCode]).toEqual(['ProviderRejected', '40013'])
  })

  it('5xx, non-JSON, unreachable and timeouts → ProviderUnavailable', async () => {
    const answers: Array<ReturnType<Parameters<typeof startFixture>[0]>> = [
      { status: 502, text: 'bad gateway' },
      { text: '<html>' },
      'hang',
    ]
    const f = await fixture(() => answers.shift() ?? 'hang')
    const v = createWechatVerifier({ appId: 'wx', appSecret: 's', apiBase: f.url, timeoutMs: 200 })
    expect((await failure(v.verify('a'))).kind).toBe('ProviderUnavailable')
    expect((await failure(v.verify('b'))).kind).toBe('ProviderUnavailable')
    const timeout = await failure(v.verify('c'))
    expect([timeout.kind, timeout.message]).toEqual(['ProviderUnavailable', 'WeChat timed out'])
    const dead = createWechatVerifier({ appId: 'wx', appSecret: 's', apiBase: 'http://127.0.0.1:9' })
    expect((await failure(dead.verify('d'))).kind).toBe('ProviderUnavailable')
  })
})

describe('Alipay alipay.system.oauth.token (alipay-sdk)', () => {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const privateKeyPem = app.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const verification = { mode: 'key' as const, alipayPublicKeyPem: alipay.publicKey.export({ type: 'spki', format: 'pem' }).toString() }
  const NODE = 'alipay_system_oauth_token_response'
  const ok = { user_id: '2088102150477652', access_token: 'AT', expires_in: 1296000 }
  const verifier = (gateway: string, extra: Partial<Parameters<typeof createAlipayVerifier>[0]> = {}) =>
    createAlipayVerifier({ appId: '2021000000000001', privateKeyPem, gateway, verification, ...extra })

  it('POSTs the SDK-signed request (Shanghai timestamp from the clock); the RSA2 signature verifies with the app public key', async () => {
    const f = await fixture(() => ({ text: alipayAnswer(NODE, ok, alipay.privateKey), contentType: 'text/html;charset=utf-8' }))
    const v = verifier(`${f.url}/gateway.do`, { clock: new FakeClock(T0) })
    expect(await v.verify('4b203fe6c11548bcabd8da5bb087a83b')).toEqual({ providerUserId: '2088102150477652' })
    const [r] = f.requests
    expect([r.method, r.path]).toEqual(['POST', '/gateway.do'])
    expect(r.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/)
    // The SDK puts the common parameters in the query and the method's own in the form body.
    const all = { ...Object.fromEntries(r.query), ...Object.fromEntries(new URLSearchParams(r.body)) }
    const { sign, ...rest } = all
    expect(rest).toEqual({
      app_id: '2021000000000001',
      method: 'alipay.system.oauth.token',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: '2026-11-23 23:45:00', // 15:45 UTC = 23:45 in Shanghai
      version: '1.0',
      grant_type: 'authorization_code',
      code: '4b203fe6c11548bcabd8da5bb087a83b',
    })
    // Recompute the sign content independently of the SDK: sorted k=v&…, no sign.
    const content = Object.keys(rest)
      .sort()
      .map((k) => `${k}=${rest[k as keyof typeof rest]}`)
      .join('&')
    expect(content.startsWith('app_id=2021000000000001&charset=utf-8&code=4b203fe6')).toBe(true)
    expect(createVerify('RSA-SHA256').update(content, 'utf8').verify(app.publicKey, sign, 'base64')).toBe(true)
    expect(
      createVerify('RSA-SHA256')
        .update(content + 'x', 'utf8')
        .verify(app.publicKey, sign, 'base64'),
    ).toBe(false)
  })

  it('prefers open_id (new apps) over user_id; takes a PKCS#1 app key too', async () => {
    const f = await fixture(() => ({
      text: alipayAnswer(NODE, { ...ok, open_id: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5' }, alipay.privateKey),
    }))
    const pkcs1 = app.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
    expect((await verifier(f.url, { privateKeyPem: pkcs1 }).verify('c')).providerUserId).toBe(
      '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5',
    )
  })

  it('refuses an answer that was altered, unsigned, or signed by another key (error answers too): ProviderRejected response-signature-invalid', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    const good = alipayAnswer(NODE, ok, alipay.privateKey)
    const answers = [
      good.replace('2088102150477652', '2088102150477653'), // one digit of the user id
      `{"${NODE}":${JSON.stringify(ok)}}`, // sign stripped
      alipayAnswer(NODE, ok, other),
      alipayAnswer('error_response', { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.code-invalid' }, other),
    ]
    const f = await fixture(() => ({ text: answers.shift() }))
    const v = verifier(f.url)
    for (let i = 0; i < 4; i++) {
      const e = await failure(v.verify('c'))
      expect([e.kind, e.providerCode], `answer ${i}`).toEqual(['ProviderRejected', ALIPAY_SIGNATURE_INVALID])
      expect(e.message).toMatch(/signature verification/)
      expect(e.message).not.toContain('AT') // the SDK's message carries the answer; ours never does
      expect((e as { cause?: unknown }).cause).toBeUndefined()
    }
  })

  it('maps signed error_response: isv.code-invalid → InvalidCode, 20000 → unavailable, bad signature → rejected; unsigned is refused', async () => {
    const answers = [
      alipayAnswer(
        'error_response',
        { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.code-invalid', sub_msg: '授权码code无效' },
        alipay.privateKey,
      ),
      alipayAnswer(
        'error_response',
        { code: '20000', msg: 'Service Currently Unavailable', sub_code: 'isp.unknow-error' },
        alipay.privateKey,
      ),
      alipayAnswer('error_response', { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-signature' }, alipay.privateKey),
      JSON.stringify({ error_response: { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.code-invalid' } }),
    ]
    const f = await fixture(() => ({ text: answers.shift() }))
    const v = verifier(f.url)
    expect((await failure(v.verify('a'))).kind).toBe('InvalidCode')
    expect((await failure(v.verify('b'))).kind).toBe('ProviderUnavailable')
    const rejected = await failure(v.verify('c'))
    expect([rejected.kind, rejected.providerCode]).toEqual(['ProviderRejected', 'isv.invalid-signature'])
    expect((await failure(v.verify('d'))).providerCode).toBe(ALIPAY_SIGNATURE_INVALID)
  })

  it('5xx, non-JSON, an unexpected body, unreachable and timeouts → ProviderUnavailable', async () => {
    const answers: Array<ReturnType<Parameters<typeof startFixture>[0]>> = [
      { status: 502, text: 'bad gateway' },
      { text: '<html>' },
      { json: { other: 1 } },
      'hang',
    ]
    const f = await fixture(() => answers.shift() ?? 'hang')
    const v = verifier(f.url, { timeoutMs: 200 })
    expect(await failure(v.verify('a'))).toMatchObject({ kind: 'ProviderUnavailable', message: 'Alipay answered HTTP 502' })
    expect(await failure(v.verify('b'))).toMatchObject({ kind: 'ProviderUnavailable', message: 'Alipay answered without JSON' })
    expect(await failure(v.verify('c'))).toMatchObject({ kind: 'ProviderUnavailable', message: 'Alipay answered an unexpected body' })
    expect(await failure(v.verify('d'))).toMatchObject({ kind: 'ProviderUnavailable', message: 'Alipay timed out' })
    expect(await failure(verifier('http://127.0.0.1:9/gateway.do').verify('e'))).toMatchObject({
      kind: 'ProviderUnavailable',
      message: 'Alipay is unreachable',
    })
  })

  it('timestamp is Asia/Shanghai', () => {
    expect(alipayTimestamp(Date.UTC(2026, 11, 31, 16, 0, 5))).toBe('2027-01-01 00:00:05')
  })
})

describe('DingTalk gettoken + getuserinfo', () => {
  it('fetches the access token once, caches it, POSTs {code} and returns result.userid', async () => {
    let tokenN = 0
    const f = await fixture((r) => {
      if (r.path === '/gettoken') return { json: { errcode: 0, access_token: `tok${++tokenN}`, expires_in: 7200 } }
      return { json: { errcode: 0, result: { userid: `user-for-${JSON.parse(r.body).code}` } } }
    })
    const clock = new FakeClock()
    const v = createDingtalkVerifier({ appKey: 'dingkey', appSecret: 'ddsec', apiBase: f.url, clock })
    expect(await v.verify('c1')).toEqual({ providerUserId: 'user-for-c1' })
    expect(await v.verify('c2')).toEqual({ providerUserId: 'user-for-c2' })
    const [t, u1, u2] = f.requests
    expect([t.method, t.path, Object.fromEntries(t.query)]).toEqual(['GET', '/gettoken', { appkey: 'dingkey', appsecret: 'ddsec' }])
    expect([u1.method, u1.path, u1.query.get('access_token')]).toEqual(['POST', '/topapi/v2/user/getuserinfo', 'tok1'])
    expect(u1.headers['content-type']).toBe('application/json')
    expect(JSON.parse(u1.body)).toEqual({ code: 'c1' })
    expect(u2.query.get('access_token')).toBe('tok1')
    expect(f.requests.filter((r) => r.path === '/gettoken')).toHaveLength(1)
    // Refreshed 5 minutes before its 2 h lifetime ends.
    clock.advance((7200 - 300) * 1000)
    await v.verify('c3')
    expect(f.requests.at(-1)?.query.get('access_token')).toBe('tok2')
  })

  it('concurrent logins share one gettoken call', async () => {
    const f = await fixture((r) =>
      r.path === '/gettoken'
        ? { json: { errcode: 0, access_token: 'tok', expires_in: 7200 } }
        : { json: { errcode: 0, result: { userid: 'u' } } },
    )
    const v = createDingtalkVerifier({ appKey: 'k', appSecret: 's', apiBase: f.url })
    await Promise.all(['a', 'b', 'c', 'd'].map((c) => v.verify(c)))
    expect(f.requests.filter((r) => r.path === '/gettoken')).toHaveLength(1)
  })

  it('retries once with a fresh token when DingTalk says the token is invalid', async () => {
    let tokenN = 0
    const f = await fixture((r) => {
      if (r.path === '/gettoken') return { json: { errcode: 0, access_token: `tok${++tokenN}`, expires_in: 7200 } }
      return r.query.get('access_token') === 'tok1'
        ? { json: { errcode: 40014, errmsg: '不合法的access_token' } }
        : { json: { errcode: 0, result: { userid: 'u2' } } }
    })
    const v = createDingtalkVerifier({ appKey: 'k', appSecret: 's', apiBase: f.url })
    expect(await v.verify('c')).toEqual({ providerUserId: 'u2' })
    expect(tokenN).toBe(2)
  })

  it('bad code → InvalidCode; bad app secret → ProviderRejected', async () => {
    const f = await fixture((r) =>
      r.path === '/gettoken'
        ? r.query.get('appsecret') === 'good'
          ? { json: { errcode: 0, access_token: 't', expires_in: 7200 } }
          : { json: { errcode: 40089, errmsg: 'invalid appkey or appsecret' } }
        : { json: { errcode: 40078, errmsg: '不存在的临时授权码' } },
    )
    expect((await failure(createDingtalkVerifier({ appKey: 'k', appSecret: 'good', apiBase: f.url }).verify('x'))).kind).toBe('InvalidCode')
    expect((await failure(createDingtalkVerifier({ appKey: 'k', appSecret: 'bad', apiBase: f.url }).verify('x'))).kind).toBe(
      'ProviderRejected',
    )
  })
})

describe('h5 dev login (emulator)', () => {
  it('GET <emulator>/h5/session?code= → {user}; 4xx → InvalidCode', async () => {
    const f = await fixture((r) =>
      r.query.get('code') === 'good+/='
        ? { json: { user: 'alice' } }
        : { status: 401, json: { code: 'InvalidCode', message: 'unknown code' } },
    )
    const v = createH5DevVerifier({ sessionUrl: `${f.url}/h5/session` })
    expect(await v.verify('good+/=')).toEqual({ providerUserId: 'alice' })
    expect(f.requests[0].path).toBe('/h5/session')
    expect((await failure(v.verify('bad'))).kind).toBe('InvalidCode')
  })
})
