// Login providers shaped like WeChat, Alipay, DingTalk, plus the H5 stand-in.
import { describe, expect, it } from 'vitest'
import { createVerify, generateKeyPairSync } from 'node:crypto'
import type { RunningEmulator } from '../../emulator/index'
import { useEmulator } from '../support/use-emulator'
import { alipaySign, start } from './helpers'

let emu: RunningEmulator
useEmulator((e) => (emu = e))

async function mint(platform: string, user?: string): Promise<string> {
  const res = await fetch(`${emu.url}/__admin/login-code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ platform, user }),
  })
  expect(res.status).toBe(200)
  return (await res.json()).code
}

describe('WeChat jscode2session', () => {
  const call = (q: Record<string, string>) => {
    const { wechatAppId: appid, wechatAppSecret: secret } = emu.options
    const query = new URLSearchParams({ appid, secret, grant_type: 'authorization_code', ...q })
    return fetch(`${emu.url}/sns/jscode2session?${query}`).then((r) => r.json())
  }

  it('redeems a code once, with a stable openid per user', async () => {
    const code = await mint('weapp', 'alice')
    const ok = await call({ js_code: code })
    expect(ok.openid).toMatch(/^o[\w-]{27}$/)
    expect(Buffer.from(ok.session_key, 'base64')).toHaveLength(16)
    expect((await call({ js_code: code })).errcode).toBe(40163)
    const again = await call({ js_code: await mint('weapp', 'alice') })
    expect(again.openid).toBe(ok.openid)
    const bob = await call({ js_code: await mint('weapp', 'bob') })
    expect(bob.openid).not.toBe(ok.openid)
  })

  it('answers WeChat error codes', async () => {
    expect((await call({ js_code: 'nope' })).errcode).toBe(40029)
    expect((await call({ js_code: await mint('alipay') })).errcode).toBe(40029)
    expect((await call({ js_code: await mint('weapp'), appid: 'wxother' })).errcode).toBe(40013)
    expect((await call({ js_code: await mint('weapp'), secret: 'bad' })).errcode).toBe(40125)
  })

  it('codes expire after five minutes', async () => {
    let now = Date.now()
    const clocked = await start({ now: () => now })
    try {
      const code = clocked.mintLoginCode('weapp', 'alice')
      now += 5 * 60_000 + 1
      const app = `appid=${clocked.options.wechatAppId}&secret=${clocked.options.wechatAppSecret}`
      const r = await fetch(`${clocked.url}/sns/jscode2session?${app}&grant_type=authorization_code&js_code=${code}`)
      expect((await r.json()).errcode).toBe(40029)
    } finally {
      await clocked.close()
    }
  })
})

describe('Alipay alipay.system.oauth.token', () => {
  const stamp = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
  const params = (code: string): Record<string, string> => ({
    app_id: emu.options.alipayAppId,
    method: 'alipay.system.oauth.token',
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: stamp(),
    version: '1.0',
    grant_type: 'authorization_code',
    code,
  })
  async function gateway(p: Record<string, string>): Promise<{ text: string; json: any }> {
    const res = await fetch(`${emu.url}/gateway.do`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams(p).toString(),
    })
    expect(res.status).toBe(200)
    const text = await res.text()
    return { text, json: JSON.parse(text) }
  }

  it('verifies the RSA2 request signature (sign_type included) and signs its answer', async () => {
    const p = params(await mint('alipay', 'alice'))
    p.sign = alipaySign(p, emu.alipay.appPrivateKeyPem!)
    const { text, json } = await gateway(p)
    const node = json.alipay_system_oauth_token_response
    expect(node.user_id).toMatch(/^2088\d{12}$/)
    expect(node.access_token).toBeTruthy()
    expect(node.expires_in).toBeGreaterThan(0)
    // The response sign covers the node text exactly as it appears in the body.
    const inner = text.slice(text.indexOf(':') + 1, text.lastIndexOf(',"sign"'))
    expect(createVerify('RSA-SHA256').update(inner).verify(emu.alipay.alipayPublicKeyPem, json.sign, 'base64')).toBe(true)
    // single use
    const again = await gateway(p)
    expect(again.json.error_response.sub_code).toBe('isv.code-invalid')
  })

  it('refuses a signature that leaves sign_type out, a foreign key, a tampered field', async () => {
    const p = params(await mint('alipay'))
    const { sign_type: _omit, ...withoutType } = p
    const r1 = await gateway({ ...p, sign: alipaySign(withoutType, emu.alipay.appPrivateKeyPem!) })
    expect(r1.json.error_response).toMatchObject({ code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-signature' })
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const r2 = await gateway({ ...p, sign: alipaySign(p, other) })
    expect(r2.json.error_response.sub_code).toBe('isv.invalid-signature')
    const r3 = await gateway({ ...p, sign: alipaySign(p, emu.alipay.appPrivateKeyPem!), code: 'changed' })
    expect(r3.json.error_response.sub_code).toBe('isv.invalid-signature')
    expect(r3.json.error_response.sub_msg).toContain('code=changed')
  })

  it('answers isv.code-invalid, invalid app id, missing sign', async () => {
    const p = params('unknown-code')
    p.sign = alipaySign(p, emu.alipay.appPrivateKeyPem!)
    const r = await gateway(p)
    expect(r.json.error_response).toMatchObject({ code: '40002', sub_code: 'isv.code-invalid' })
    const app = { ...params('x'), app_id: '2021999' }
    expect((await gateway({ ...app, sign: alipaySign(app, emu.alipay.appPrivateKeyPem!) })).json.error_response.sub_code).toBe(
      'isv.invalid-app-id',
    )
    expect((await gateway(params('x'))).json.error_response).toMatchObject({ code: '40001', sub_code: 'isv.missing-signature' })
  })
})

describe('DingTalk', () => {
  it('gettoken + getuserinfo redeem a dd code once', async () => {
    const t = await (
      await fetch(`${emu.url}/gettoken?appkey=${emu.options.dingtalkAppKey}&appsecret=${emu.options.dingtalkAppSecret}`)
    ).json()
    expect(t).toMatchObject({ errcode: 0, expires_in: 7200 })
    const code = await mint('dd', 'zhang')
    const call = (token: string, c: string) =>
      fetch(`${emu.url}/topapi/v2/user/getuserinfo?access_token=${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: c }),
      }).then((r) => r.json())
    const u = await call(t.access_token, code)
    expect(u.errcode).toBe(0)
    expect(u.result.userid).toBe('zhang')
    expect(u.result.unionid).toBeTruthy()
    expect((await call(t.access_token, code)).errcode).toBe(40078)
    expect((await call('bad-token', await mint('dd'))).errcode).toBe(40014)
    const bad = await (await fetch(`${emu.url}/gettoken?appkey=${emu.options.dingtalkAppKey}&appsecret=wrong`)).json()
    expect(bad.errcode).toBe(40089)
  })
})

describe('H5 stand-in', () => {
  it('redeems h5 codes once', async () => {
    const code = await mint('h5', 'web-user')
    const ok = await fetch(`${emu.url}/h5/session?code=${code}`)
    expect(await ok.json()).toEqual({ user: 'web-user' })
    expect((await fetch(`${emu.url}/h5/session?code=${code}`)).status).toBe(400)
  })

  it('refuses unknown platforms when minting', async () => {
    const res = await fetch(`${emu.url}/__admin/login-code`, { method: 'POST', body: JSON.stringify({ platform: 'qq' }) })
    expect(res.status).toBe(400)
  })
})
