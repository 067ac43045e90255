import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator } from '../../emulator'
import type { RunningEmulator } from '../../emulator'
import { buildServer } from '../../server/app'
import { loadConfig } from '../../server/config'
import type { FastifyInstance } from 'fastify'

// The real backend (real login clients, real STS SDK, no fakes) against the real emulator.

let emu: RunningEmulator
let app: FastifyInstance

beforeAll(async () => {
  emu = await startEmulator({ port: 0 })
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    EMULATOR_URL: emu.url,
    // The emulator generates the Alipay app key pair; hand the private half to the backend.
    ...(emu.alipay.appPrivateKeyPem ? { ALIPAY_PRIVATE_KEY: emu.alipay.appPrivateKeyPem } : {}),
  })
  app = buildServer(config)
  await app.ready()
})
afterAll(async () => {
  await app?.close()
  await emu?.close()
})

async function login(platform: 'weapp' | 'alipay' | 'dd' | 'h5', user: string) {
  const code = emu.mintLoginCode(platform, user)
  return app.inject({ method: 'POST', url: '/api/login', payload: { platform, code } })
}

describe('backend ↔ emulator', () => {
  it.each(['weapp', 'alipay', 'dd', 'h5'] as const)('%s login works through the real provider client', async (platform) => {
    const res = await login(platform, 'alice')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().userId).toMatch(/^(wx|ali|dd|h5)[_-][A-Za-z0-9_-]+$/)
  })

  it('the same code twice → CodeReplayed; an unknown code → InvalidCode', async () => {
    const code = emu.mintLoginCode('weapp', 'bob')
    expect((await app.inject({ method: 'POST', url: '/api/login', payload: { platform: 'weapp', code } })).statusCode).toBe(200)
    const replay = await app.inject({ method: 'POST', url: '/api/login', payload: { platform: 'weapp', code } })
    expect(replay.json().code).toBe('CodeReplayed')
    const bogus = await app.inject({ method: 'POST', url: '/api/login', payload: { platform: 'weapp', code: 'never-issued' } })
    expect([bogus.statusCode, bogus.json().code]).toEqual([401, 'InvalidCode'])
  })

  it('real SDK AssumeRole against the emulator: STS credentials scoped to the user, cached', async () => {
    const { token, userId } = (await login('h5', 'carol')).json()
    const before = emu.counters().sts ?? 0
    const res = await app.inject({ method: 'POST', url: '/api/sts', headers: { authorization: `Bearer ${token}` } })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.accessKeyId).toMatch(/^STS\./)
    expect(body.securityToken.length).toBeGreaterThan(10)
    const lifetime = Date.parse(body.expiration) - Date.parse(body.serverTime)
    expect(lifetime).toBeGreaterThan(890_000)
    expect(lifetime).toBeLessThanOrEqual(900_000)
    expect(body.oss).toEqual({
      bucket: 'viapi-kit-dev',
      region: 'cn-shanghai',
      host: `${emu.url}/oss/viapi-kit-dev`,
      keyPrefix: `uploads/${userId}/`,
      signatureVersion: 'v4',
      maxBytes: 3145728,
    })
    const again = await app.inject({ method: 'POST', url: '/api/sts', headers: { authorization: `Bearer ${token}` } })
    expect(again.json().accessKeyId).toBe(body.accessKeyId)
    expect((emu.counters().sts ?? 0) - before).toBe(1)
  })
})
