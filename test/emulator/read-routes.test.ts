// How the emulator lets objects be read: signed URLs (the official SDK's V4 and ours, checked as
// OSS checks them), the viapi temporary bucket, same-account read of plain URLs, the bound domain,
// and a new account's default endpoint. The rules and their pages: emulator/oss/read-access.ts,
// emulator/rpc/image-source.ts, emulator/oss/endpoint.ts.
import OSS from 'ali-oss'
import { describe, expect, it } from 'vitest'
import type { RunningEmulator } from '../../emulator/index'
import { ossV4PresignedUrl } from '../../src/lib/signing/oss-presign-v4'
import { assumeRole, pngCard, rootKeys, rpcV1, start, type Keys } from './helpers'

const BUCKET = 'viapi-kit-dev'
const readPolicy = (prefix: string) => ({
  Version: '1',
  Statement: [
    { Effect: 'Allow', Action: ['oss:PutObject', 'oss:GetObject'], Resource: [`acs:oss:*:*:${BUCKET}/${prefix}*`] },
    { Effect: 'Allow', Action: ['viapi-ocr:RecognizeBankCard'], Resource: ['*'] },
    { Effect: 'Allow', Action: ['ram:PassRole'], Resource: ['*'], Condition: { StringEquals: { 'acs:Service': 'viapi.aliyuncs.com' } } },
  ],
})

/** The official SDK's V4 signed URL, its query moved onto the emulator's path-style host. */
async function sdkSignedUrl(emu: RunningEmulator, keys: Keys, key: string, base = 'oss'): Promise<string> {
  const client = new OSS({
    region: 'oss-cn-shanghai',
    bucket: BUCKET,
    accessKeyId: keys.accessKeyId,
    accessKeySecret: keys.accessKeySecret,
    stsToken: keys.securityToken,
    authorizationV4: true,
  })
  const signed = new URL(await client.signatureUrlV4('GET', 300, {}, key))
  return `${emu.url}/${base}/${BUCKET}/${key}${signed.search}`
}

const ourSignedUrl = (emu: RunningEmulator, keys: Keys, key: string, now = Date.now(), expiresSeconds = 300) =>
  ossV4PresignedUrl(`${emu.url}/oss/${BUCKET}/${key}`, { bucket: BUCKET, key, region: 'cn-shanghai', ...keys, now, expiresSeconds })

async function withEmulator(options: Parameters<typeof start>[0], run: (emu: RunningEmulator) => Promise<void>) {
  const emu = await start(options)
  try {
    await run(emu)
  } finally {
    await emu.close()
  }
}

describe('V4 signed URLs', () => {
  it('GetObject accepts the official SDK’s and ours, and refuses a tampered, expired or out-of-policy one', () =>
    withEmulator({}, async (emu) => {
      const keys = await assumeRole(emu, readPolicy('uploads/u1/'))
      const body = await pngCard()
      emu.putObject(BUCKET, 'uploads/u1/c.png', body)
      emu.putObject(BUCKET, 'uploads/u2/c.png', body)
      for (const url of [await sdkSignedUrl(emu, keys, 'uploads/u1/c.png'), ourSignedUrl(emu, keys, 'uploads/u1/c.png')]) {
        const r = await fetch(url)
        expect(r.status).toBe(200)
        expect(Buffer.from(await r.arrayBuffer()).equals(body)).toBe(true)
      }
      const tampered = ourSignedUrl(emu, keys, 'uploads/u1/c.png').replace(/x-oss-expires=300/, 'x-oss-expires=301')
      expect(await (await fetch(tampered)).text()).toMatch(/SignatureDoesNotMatch/)
      const expired = ourSignedUrl(emu, keys, 'uploads/u1/c.png', Date.now() - 600_000, 60)
      expect(await (await fetch(expired)).text()).toMatch(/<Code>AccessDenied<\/Code>[\s\S]*expired/)
      const other = ourSignedUrl(emu, keys, 'uploads/u2/c.png')
      expect(await (await fetch(other)).text()).toMatch(/not authorized to do oss:GetObject/)
      const plain = await fetch(`${emu.url}/oss/${BUCKET}/uploads/u1/c.png`)
      expect(plain.status).toBe(403)
    }))

  it('the vision API reads a signed URL, and not the plain URL of a private object', () =>
    withEmulator({}, async (emu) => {
      const keys = await assumeRole(emu, readPolicy('uploads/u1/'))
      emu.putObject(BUCKET, 'uploads/u1/c.png', await pngCard())
      const call = (ImageURL: string) => rpcV1(emu, { action: 'RecognizeBankCard', keys, params: { ImageURL } })
      expect((await call(await sdkSignedUrl(emu, keys, 'uploads/u1/c.png'))).status).toBe(200)
      const plain = await call(`${emu.url}/oss/${BUCKET}/uploads/u1/c.png`)
      expect(plain.body.Code).toBe('InvalidImage.Download')
      expect(plain.body.Message).toMatch(/private/)
    }))

  it('same-account read lets the API read plain URLs; the temporary bucket is read without it', () =>
    withEmulator({ sameAccountRead: true }, async (emu) => {
      const keys = await assumeRole(emu, readPolicy('uploads/u1/'))
      emu.putObject(BUCKET, 'uploads/u1/c.png', await pngCard())
      const r = await rpcV1(emu, { action: 'RecognizeBankCard', keys, params: { ImageURL: `${emu.url}/oss/${BUCKET}/uploads/u1/c.png` } })
      expect(r.status).toBe(200)
    }))
})

describe('a new account', () => {
  it('answers PublicEndpointForbidden on the default endpoint and serves the bound domain', () =>
    withEmulator({ newAccount: true }, async (emu) => {
      const keys = await assumeRole(emu, readPolicy('uploads/u1/'))
      emu.putObject(BUCKET, 'uploads/u1/c.png', await pngCard())
      const viaDefault = await fetch(await sdkSignedUrl(emu, keys, 'uploads/u1/c.png'))
      expect(viaDefault.status).toBe(400)
      const text = await viaDefault.text()
      expect(text).toMatch(/<Code>PublicEndpointForbidden<\/Code>/)
      expect(text).toMatch(/<EC>0048-00000401<\/EC>/)
      // The signature covers /<bucket>/<key>, not the host: the same query works on the bound domain.
      const viaBound = await fetch(await sdkSignedUrl(emu, keys, 'uploads/u1/c.png', 'bound'))
      expect(viaBound.status).toBe(200)
      const api = await rpcV1(emu, {
        action: 'RecognizeBankCard',
        keys,
        params: { ImageURL: await sdkSignedUrl(emu, keys, 'uploads/u1/c.png', 'bound') },
      })
      expect(api.status).toBe(200)
    }))

  it("the vendor's temporary bucket keeps its default endpoint", () =>
    withEmulator({ newAccount: true }, async (emu) => {
      emu.putObject('viapi-customer-temp', 'AK/c.png', await pngCard())
      const r = await rpcV1(emu, {
        action: 'RecognizeBankCard',
        keys: rootKeys(emu),
        params: { ImageURL: `${emu.url}/oss/viapi-customer-temp/AK/c.png` },
      })
      expect(r.status).toBe(200)
    }))
})

describe('policy conditions', () => {
  it('AssumeRole takes a string-operator Condition and refuses an operator the emulator does not evaluate', () =>
    withEmulator({}, async (emu) => {
      await expect(assumeRole(emu, readPolicy('uploads/u1/'))).resolves.toBeDefined()
      const odd = {
        Version: '1',
        Statement: [
          { Effect: 'Allow', Action: ['ram:PassRole'], Resource: ['*'], Condition: { IpAddress: { 'acs:SourceIp': '1.2.3.4' } } },
        ],
      }
      await expect(assumeRole(emu, odd)).rejects.toThrow(/Condition/)
    }))
})
