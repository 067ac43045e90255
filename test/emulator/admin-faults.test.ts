// Counters, fault injection (HTTP and programmatic), clock skew, reset.
import { describe, expect, it } from 'vitest'
import type { RunningEmulator } from '../../emulator/index'
import { useEmulator } from '../support/use-emulator'
import { assumeRole, pngCard, postObject, rootKeys, rpcV1, start, userPolicy, v4Fields } from './helpers'

let emu: RunningEmulator
const BUCKET = 'viapi-kit-dev'
// Reads plain object URLs: these tests are about other rules (read routes: test/emulator/read-routes.test.ts).
useEmulator((e) => (emu = e), { reset: 'each', emulator: { sameAccountRead: true } })

const admin = (path: string, method = 'GET', body?: unknown) =>
  fetch(`${emu.url}/__admin/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
const ar = () =>
  rpcV1(emu, { action: 'AssumeRole', keys: rootKeys(emu), params: { RoleArn: emu.options.roleArn, RoleSessionName: 'faults' } })

describe('counters', () => {
  it('counts requests per service and resets', async () => {
    await ar()
    await ar()
    await rpcV1(emu, { action: 'GetOssStsToken', keys: rootKeys(emu) })
    await fetch(`${emu.url}/h5/session?code=x`)
    await fetch(`${emu.url}/oss/${BUCKET}/x`)
    const c = await (await admin('counters')).json()
    expect(c).toEqual({ sts: 2, oss: 1, ocr: 0, imageseg: 0, viapiutils: 1, login: 1, green: 0, imm: 0 })
    await admin('reset', 'POST')
    expect((await (await admin('counters')).json()).sts).toBe(0)
  })

  it('reset drops stored objects', async () => {
    emu.putObject(BUCKET, 'a', Buffer.from('x'))
    expect(emu.state.objects.count()).toBe(1)
    await admin('reset', 'POST')
    expect(emu.state.objects.count()).toBe(0)
  })
})

describe('faults', () => {
  it('error5xx for the next N requests of one service, then normal', async () => {
    const set = await admin('faults', 'POST', { rules: [{ service: 'sts', kind: 'error5xx', count: 2 }] })
    expect((await set.json()).rules).toHaveLength(1)
    const a = await ar()
    expect(a.status).toBe(503)
    expect(a.body.Code).toBe('ServiceUnavailable')
    expect((await ar()).status).toBe(503)
    expect((await ar()).status).toBe(200)
    expect((await (await admin('faults')).json()).rules).toHaveLength(0)
  })

  it('throttle uses Throttling.User for RPC and 429 QpsLimitExceeded for OSS', async () => {
    emu.setFaults({ rules: [{ service: '*', kind: 'throttle' }] })
    const r = await ar()
    expect(r.body.Code).toBe('Throttling.User')
    const keys = await (async () => {
      emu.clearFaults()
      const k = await assumeRole(emu, userPolicy(BUCKET, 'u1'))
      emu.setFaults({ rules: [{ service: 'oss', kind: 'throttle' }] })
      return k
    })()
    const up = await postObject(`${emu.url}/oss/${BUCKET}`, v4Fields(keys, BUCKET, 'uploads/u1/a.png', []), { data: await pngCard() })
    // OSS's 429 page: QpsLimitExceeded, "Please reduce your request rate." (no OSS page names SlowDown).
    expect(up.status).toBe(429)
    expect(up.code).toBe('QpsLimitExceeded')
    expect(emu.state.objects.count()).toBe(0)
    await admin('faults', 'DELETE')
    expect((await ar()).status).toBe(200)
  })

  it('latency delays the answer', async () => {
    emu.setFaults({ rules: [{ service: 'sts', kind: 'latency', ms: 300, count: 1 }] })
    const t0 = Date.now()
    expect((await ar()).status).toBe(200)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280)
    const t1 = Date.now()
    await ar()
    expect(Date.now() - t1).toBeLessThan(280)
  })

  it('drop destroys the socket', async () => {
    emu.setFaults({ rules: [{ service: 'ocr', kind: 'drop', count: 1 }] })
    emu.putObject(BUCKET, 'a.png', await pngCard(), 'image/png')
    const params = { ImageURL: `${emu.url}/oss/${BUCKET}/a.png` }
    await expect(rpcV1(emu, { action: 'RecognizeBankCard', keys: rootKeys(emu), params })).rejects.toThrow()
    expect((await rpcV1(emu, { action: 'RecognizeBankCard', keys: rootKeys(emu), params })).status).toBe(200)
    expect(emu.counters().ocr).toBe(2)
  })

  it('expire-token makes the next STS request see an expired token', async () => {
    const keys = await assumeRole(emu, userPolicy(BUCKET, 'u1'))
    emu.putObject(BUCKET, 'uploads/u1/a.png', await pngCard(), 'image/png')
    const params = { ImageURL: `${emu.url}/oss/${BUCKET}/uploads/u1/a.png` }
    await admin('faults', 'POST', [{ service: 'ocr', kind: 'expire-token', count: 1 }])
    expect((await rpcV1(emu, { action: 'RecognizeBankCard', keys, params })).body.Code).toBe('InvalidSecurityToken.Expired')
    expect((await rpcV1(emu, { action: 'RecognizeBankCard', keys, params })).status).toBe(200)
  })

  it('clock skew shifts the Date header and the timestamp window', async () => {
    await admin('faults', 'POST', { clockSkewMs: 20 * 60_000 })
    const r = await ar()
    expect(r.body.Code).toBe('InvalidTimeStamp.Expired')
    const date = Date.parse(r.headers.get('date')!)
    expect(date - Date.now()).toBeGreaterThan(19 * 60_000)
    // A client that corrects with the server Date succeeds.
    const fixed = await rpcV1(emu, {
      action: 'AssumeRole',
      keys: rootKeys(emu),
      params: { RoleArn: emu.options.roleArn, RoleSessionName: 'skewed' },
      timestamp: new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    })
    expect(fixed.status).toBe(200)
    await admin('faults', 'DELETE')
    expect((await ar()).status).toBe(200)
  })

  it('rejects invalid rules', async () => {
    expect((await admin('faults', 'POST', { rules: [{ service: 'nope', kind: 'drop' }] })).status).toBe(400)
    expect((await admin('faults', 'POST', { rules: [{ service: 'sts', kind: 'drop', count: 0 }] })).status).toBe(400)
    expect(() => emu.setFaults({ rules: [{ service: 'sts', kind: 'explode' as never }] })).toThrow()
  })
})

describe('logging', () => {
  it('writes one JSON line per request without secrets or query strings', async () => {
    const lines: string[] = []
    const logged = await start({ log: (l) => lines.push(l) })
    try {
      const keys = await assumeRole(logged, userPolicy(BUCKET, 'u1'))
      await rpcV1(logged, { action: 'RecognizeBankCard', keys, params: { ImageURL: `${logged.url}/oss/${BUCKET}/x.png` } })
      const all = lines.join('\n')
      expect(lines.length).toBeGreaterThanOrEqual(3)
      expect(all).toContain('"action":"RecognizeBankCard"')
      expect(all).toContain('"code":"InvalidImage.Download"')
      for (const secret of [keys.accessKeySecret, keys.securityToken!, logged.options.rootAccessKeySecret, 'Signature=']) {
        expect(all).not.toContain(secret)
      }
    } finally {
      await logged.close()
    }
  })
})
