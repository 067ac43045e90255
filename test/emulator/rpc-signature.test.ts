// RPC authentication: V1 (HMAC-SHA1) and V3 (ACS3-HMAC-SHA256), signed by the official helpers.
import { describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import type { RunningEmulator } from '../../emulator/index'
import { useEmulator } from '../support/use-emulator'
import { isoNow, ownV1StringToSign, rootKeys, rpcV1, rpcV3 } from './helpers'

let emu: RunningEmulator
useEmulator((e) => (emu = e))

const arParams = () => ({ RoleArn: emu.options.roleArn, RoleSessionName: 'sig-test' })

describe('V1 HMAC-SHA1', () => {
  it('accepts a GET and a POST form call signed by openapi-util', async () => {
    const get = await rpcV1(emu, { action: 'AssumeRole', keys: rootKeys(emu), params: arParams() })
    expect(get.status).toBe(200)
    expect(get.body.Credentials.AccessKeyId).toMatch(/^STS\./)
    expect(get.headers.get('date')).toBeTruthy()
    const post = await rpcV1(emu, { action: 'AssumeRole', keys: rootKeys(emu), params: arParams(), method: 'POST' })
    expect(post.status).toBe(200)
    expect(post.body.RequestId).toMatch(/^[0-9A-F-]{36}$/)
  })

  it('handles RFC 3986 edge characters (space, *, ~, +) in values', async () => {
    const policy = JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['oss:PutObject'], Resource: ['acs:oss:*:*:viapi-kit-dev/a b~c+d*'] }],
    })
    const r = await rpcV1(emu, { action: 'AssumeRole', keys: rootKeys(emu), params: { ...arParams(), Policy: policy } })
    expect(r.status).toBe(200)
  })

  it('refuses a tampered parameter with SignatureDoesNotMatch and the server string-to-sign', async () => {
    let sent: Record<string, string> = {}
    const r = await rpcV1(emu, {
      action: 'AssumeRole',
      keys: rootKeys(emu),
      params: arParams(),
      tamper: (p) => {
        p.RoleSessionName = 'other-session'
        sent = { ...p }
      },
    })
    expect(r.status).toBe(400)
    expect(r.body.Code).toBe('SignatureDoesNotMatch')
    const prefix = 'Specified signature is not matched with our calculation. server string to sign is:'
    expect(r.body.Message.startsWith(prefix)).toBe(true)
    // The diagnostic is exactly what an independent implementation computes from what was sent.
    expect(r.body.Message.slice(prefix.length)).toBe(ownV1StringToSign('GET', sent))
    expect(r.body).toHaveProperty('HostId')
    expect(r.body).toHaveProperty('Recommend')
  })

  it('refuses a wrong secret', async () => {
    const r = await rpcV1(emu, { action: 'AssumeRole', keys: { ...rootKeys(emu), accessKeySecret: 'wrong' }, params: arParams() })
    expect(r.body.Code).toBe('SignatureDoesNotMatch')
  })

  it('refuses a signature computed for another HTTP method', async () => {
    const r = await rpcV1(emu, { action: 'AssumeRole', keys: rootKeys(emu), params: arParams(), method: 'POST', sendAs: 'GET' })
    expect(r.body.Code).toBe('SignatureDoesNotMatch')
    expect(r.body.Message).toContain('server string to sign is:GET&%2F&')
  })

  it('refuses timestamps outside ±15 minutes and malformed ones', async () => {
    const old = await rpcV1(emu, {
      action: 'AssumeRole',
      keys: rootKeys(emu),
      params: arParams(),
      timestamp: isoNow(Date.now() - 16 * 60_000),
    })
    expect(old.status).toBe(400)
    expect(old.body.Code).toBe('InvalidTimeStamp.Expired')
    const future = await rpcV1(emu, {
      action: 'AssumeRole',
      keys: rootKeys(emu),
      params: arParams(),
      timestamp: isoNow(Date.now() + 16 * 60_000),
    })
    expect(future.body.Code).toBe('InvalidTimeStamp.Expired')
    const near = await rpcV1(emu, {
      action: 'AssumeRole',
      keys: rootKeys(emu),
      params: arParams(),
      timestamp: isoNow(Date.now() - 14 * 60_000),
    })
    expect(near.status).toBe(200)
    const bad = await rpcV1(emu, { action: 'AssumeRole', keys: rootKeys(emu), params: arParams(), timestamp: '2026-01-01 00:00:00' })
    expect(bad.body.Code).toBe('InvalidTimeStamp.Format')
  })

  it('refuses a replayed SignatureNonce but not a fresh one', async () => {
    const nonce = randomUUID()
    const first = await rpcV1(emu, { action: 'AssumeRole', keys: rootKeys(emu), params: arParams(), nonce })
    expect(first.status).toBe(200)
    const replay = await rpcV1(emu, { action: 'AssumeRole', keys: rootKeys(emu), params: arParams(), nonce })
    expect(replay.status).toBe(400)
    expect(replay.body.Code).toBe('SignatureNonceUsed')
  })

  it('a forged request does not burn the nonce', async () => {
    const nonce = randomUUID()
    const forged = await rpcV1(emu, { action: 'AssumeRole', keys: { ...rootKeys(emu), accessKeySecret: 'x' }, params: arParams(), nonce })
    expect(forged.body.Code).toBe('SignatureDoesNotMatch')
    const real = await rpcV1(emu, { action: 'AssumeRole', keys: rootKeys(emu), params: arParams(), nonce })
    expect(real.status).toBe(200)
  })

  it('names missing parameters', async () => {
    for (const name of ['Timestamp', 'SignatureNonce', 'AccessKeyId']) {
      const r = await rpcV1(emu, { action: 'AssumeRole', keys: rootKeys(emu), params: arParams(), omit: [name] })
      expect(r.status).toBe(400)
      expect(r.body.Code).toBe('MissingParameter')
      expect(r.body.Message).toContain(`"${name}"`)
    }
    const noSig = await rpcV1(emu, { action: 'AssumeRole', keys: rootKeys(emu), params: arParams(), tamper: (p) => delete p.Signature })
    expect(noSig.body.Code).toBe('IncompleteSignature')
    expect(noSig.body.Message).toContain('Signature')
    const badMethod = await rpcV1(emu, {
      action: 'AssumeRole',
      keys: rootKeys(emu),
      params: { ...arParams(), SignatureMethod: 'HMAC-SHA256' },
    })
    expect(badMethod.body.Code).toBe('IncompleteSignature')
    const noArn = await rpcV1(emu, { action: 'AssumeRole', keys: rootKeys(emu), params: { RoleSessionName: 'abc' } })
    expect(noArn.body.Code).toBe('MissingRoleArn')
  })

  it('refuses unknown keys, actions and versions', async () => {
    const key = await rpcV1(emu, { action: 'AssumeRole', keys: { accessKeyId: 'nobody', accessKeySecret: 'x' }, params: arParams() })
    expect(key.status).toBe(404)
    expect(key.body.Code).toBe('InvalidAccessKeyId.NotFound')
    const action = await rpcV1(emu, { action: 'DescribeNothing', version: '2015-04-01', keys: rootKeys(emu) })
    expect(action.status).toBe(404)
    expect(action.body.Code).toBe('InvalidAction.NotFound')
    const version = await rpcV1(emu, { action: 'AssumeRole', version: '2019-12-30', keys: rootKeys(emu), params: arParams() })
    expect(version.status).toBe(400)
    expect(version.body.Code).toBe('InvalidVersion')
  })
})

describe('V3 ACS3-HMAC-SHA256', () => {
  it('accepts query parameters and form-body parameters signed by openapi-util', async () => {
    const q = await rpcV3(emu, { action: 'AssumeRole', keys: rootKeys(emu), query: arParams() })
    expect(q.status).toBe(200)
    expect(q.body.Credentials.SecurityToken).toMatch(/^CAIS/)
    const f = await rpcV3(emu, { action: 'AssumeRole', keys: rootKeys(emu), form: arParams() })
    expect(f.status).toBe(200)
  })

  it('refuses a tampered query value, wrong secret, tampered body', async () => {
    const tq = await rpcV3(emu, {
      action: 'AssumeRole',
      keys: rootKeys(emu),
      query: arParams(),
      tamper: (h) => (h['x-acs-signature-nonce'] = randomUUID()),
    })
    expect(tq.body.Code).toBe('SignatureDoesNotMatch')
    expect(tq.body.Message).toMatch(/server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$/)
    const ws = await rpcV3(emu, { action: 'AssumeRole', keys: { ...rootKeys(emu), accessKeySecret: 'nope' }, query: arParams() })
    expect(ws.body.Code).toBe('SignatureDoesNotMatch')
    // Body differs from x-acs-content-sha256: the server hashes the body itself.
    const tb = await rpcV3(emu, {
      action: 'AssumeRole',
      keys: rootKeys(emu),
      form: arParams(),
      bodyOverride: new URLSearchParams({ ...arParams(), RoleSessionName: 'evil' }).toString(),
    })
    expect(tb.body.Code).toBe('SignatureDoesNotMatch')
  })

  it('requires a sent content-type to be signed (the V3 document: content-type is signed when present)', async () => {
    // What Node's fetch adds to a string body when the caller sets no content-type.
    const r = await rpcV3(emu, {
      action: 'AssumeRole',
      keys: rootKeys(emu),
      query: arParams(),
      unsigned: { 'content-type': 'text/plain;charset=UTF-8' },
    })
    expect(r.status).toBe(400)
    expect(r.body.Code).toBe('IncompleteSignature')
    expect(r.body.Message).toContain('content-type')
    // Signed, the same content-type is fine.
    const signed = await rpcV3(emu, { action: 'AssumeRole', keys: rootKeys(emu), form: arParams() })
    expect(signed.status).toBe(200)
  })

  it('requires host and every x-acs-* header to be signed', async () => {
    const r = await rpcV3(emu, { action: 'AssumeRole', keys: rootKeys(emu), query: arParams(), unsigned: { 'x-acs-extra': '1' } })
    expect(r.body.Code).toBe('IncompleteSignature')
    expect(r.body.Message).toContain('x-acs-extra')
    const noHost = await rpcV3(emu, {
      action: 'AssumeRole',
      keys: rootKeys(emu),
      query: arParams(),
      tamper: (h) => (h.Authorization = h.Authorization.replace('SignedHeaders=host;', 'SignedHeaders=')),
    })
    expect(noHost.body.Code).toBe('IncompleteSignature')
    expect(noHost.body.Message).toContain('host')
  })

  it('refuses an old x-acs-date, a replayed nonce and a missing header', async () => {
    const old = await rpcV3(emu, { action: 'AssumeRole', keys: rootKeys(emu), query: arParams(), date: isoNow(Date.now() - 20 * 60_000) })
    expect(old.body.Code).toBe('InvalidTimeStamp.Expired')
    const nonce = randomUUID()
    expect((await rpcV3(emu, { action: 'AssumeRole', keys: rootKeys(emu), query: arParams(), nonce })).status).toBe(200)
    const replay = await rpcV3(emu, { action: 'AssumeRole', keys: rootKeys(emu), query: arParams(), nonce })
    expect(replay.body.Code).toBe('SignatureNonceUsed')
    const missing = await rpcV3(emu, {
      action: 'AssumeRole',
      keys: rootKeys(emu),
      query: arParams(),
      tamper: (h) => delete h['x-acs-signature-nonce'],
    })
    expect(missing.body.Code).toBe('MissingParameter')
    expect(missing.body.Message).toContain('x-acs-signature-nonce')
  })

  it('refuses a malformed Authorization header', async () => {
    const r = await rpcV3(emu, {
      action: 'AssumeRole',
      keys: rootKeys(emu),
      query: arParams(),
      tamper: (h) => (h.Authorization = 'ACS3-HMAC-SHA256 garbage'),
    })
    expect(r.body.Code).toBe('IncompleteSignature')
  })
})

describe('CORS and Date', () => {
  it('answers preflight and exposes Date/ETag/x-oss-request-id', async () => {
    const res = await fetch(`${emu.url}/`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://127.0.0.1:10086',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-acs-date',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:10086')
    expect(res.headers.get('access-control-allow-headers')).toContain('x-acs-date')
    const get = await fetch(`${emu.url}/?Action=x`, { headers: { Origin: 'http://h5.local' } })
    expect(get.headers.get('access-control-expose-headers')).toMatch(/Date/)
    expect(get.headers.get('access-control-expose-headers')).toMatch(/x-oss-request-id/)
  })
})
