import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createFetchTransport,
  createViapiKit,
  fromBackend,
  type StsGrant,
  recognizeBankCardOperation,
  segmentCommonImageOperation,
} from '../../src/lib'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { buildServer } from '../../server/app'
import { loadConfig } from '../../server/config'
import { makeCardPhoto } from '../support/images'

// The long-term (root) AccessKey must never show up outside the backend's memory: not in a log
// line of the backend or the emulator, not in an error a client sees. A full flow, with the faults
// that make code log the most (expired tokens, 5xx, a failing AssumeRole), runs with a canary key.
const CANARY_ID = `CANARYID${randomBytes(6).toString('hex').toUpperCase()}`
const CANARY_SECRET = `canary-secret-${randomBytes(16).toString('hex')}`
const logs: string[] = []
let emulator: RunningEmulator
let backend: ReturnType<typeof buildServer>
let backendUrl: string

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    rootAccessKeyId: CANARY_ID,
    rootAccessKeySecret: CANARY_SECRET,
    quiet: false,
    log: (l) => void logs.push(l),
  })
  const config = loadConfig({
    LOG_LEVEL: 'trace', // the most a production operator could turn on
    PORT: '0',
    EMULATOR_URL: emulator.url,
    ALIBABA_CLOUD_ACCESS_KEY_ID: CANARY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: CANARY_SECRET,
    ALIPAY_PRIVATE_KEY: emulator.alipay.appPrivateKeyPem,
  })
  backend = buildServer(config, { logStream: { write: (l: string) => void logs.push(l) } })
  backendUrl = (await backend.listen({ host: '127.0.0.1', port: 0 })).replace('[::1]', '127.0.0.1')
})
afterAll(async () => {
  await backend?.close()
  await emulator?.close()
})

describe('canary root key', () => {
  it('a full flow with faults never writes the root secret (nor any STS secret) to a log or a client error', async () => {
    const transport = createFetchTransport()
    const grants: StsGrant[] = []
    const source = fromBackend({
      transport,
      backendUrl,
      getSessionToken: async () => {
        const res = await transport.request({
          url: `${backendUrl}/api/login`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ platform: 'h5', code: emulator.mintLoginCode('h5', 'canary-user') }),
        })
        return (JSON.parse(res.body) as { token: string }).token
      },
    })
    const kit = createViapiKit({
      transport,
      sleep: async () => undefined,
      grants: async (stale) => {
        const g = await source(stale)
        grants.push(g)
        return g
      },
    })
    const photo = new Uint8Array(await makeCardPhoto())
    const image = { path: photo, contentType: 'image/jpeg' }
    const errors: unknown[] = []

    await kit.recognize(recognizeBankCardOperation, image)
    await kit.recognize(segmentCommonImageOperation, image)
    emulator.expireTokens()
    await kit.recognize(recognizeBankCardOperation, image) // refused, refreshed, retried
    emulator.setFaults({
      rules: [
        { service: 'oss', kind: 'error5xx', count: 1 },
        { service: 'ocr', kind: 'throttle', count: 1 },
      ],
    })
    await kit.recognize(recognizeBankCardOperation, image)
    emulator.setFaults({ rules: [{ service: 'sts', kind: 'error5xx' }] })
    emulator.expireTokens()
    errors.push(await kit.recognize(recognizeBankCardOperation, image).catch((e) => e)) // AssumeRole keeps failing → logged by the backend
    emulator.clearFaults()
    errors.push(await kit.recognize(recognizeBankCardOperation, 'https://x/银行卡.jpg').catch((e) => e))
    // Unauthenticated and malformed calls are logged too.
    await fetch(`${backendUrl}/api/sts`, { method: 'POST', headers: { authorization: `Bearer ${CANARY_SECRET}.x` } })
    await fetch(`${backendUrl}/api/login?secret=${CANARY_SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"platform":',
    })

    expect(grants.length).toBeGreaterThanOrEqual(2)
    expect((errors[0] as Error).name).toBe('ServiceError')
    const all = logs.join('\n')
    expect(all).toContain('"url":"/api/sts"') // the backend did log
    expect(all).toContain('"src":"emulator"') // and so did the emulator
    expect(all).toContain('AssumeRole failed')
    expect(all).not.toContain(CANARY_SECRET)
    for (const g of grants) {
      expect(all).not.toContain(g.credentials.accessKeySecret)
      expect(all).not.toContain(g.credentials.securityToken)
    }
    const shown = errors.map((e) => `${(e as Error).message} ${(e as { hint?: string }).hint} ${JSON.stringify(e)}`).join('\n')
    expect(shown).not.toContain(CANARY_SECRET)
    expect(shown).not.toContain(CANARY_ID)
  })
})
