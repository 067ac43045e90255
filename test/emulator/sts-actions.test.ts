// AssumeRole validation, STS token handling, and the vision actions with session policies.
import { describe, expect, it } from 'vitest'
import sharp from 'sharp'
import type { RunningEmulator } from '../../emulator/index'
import { luhnValid, bankCardFromImage } from '../../emulator/image/bank-card'
import { useEmulator } from '../support/use-emulator'
import { assumeRole, bmpCard, jpegCard, pngCard, rootKeys, rpcV1, rpcV3, start, userPolicy } from './helpers'

let emu: RunningEmulator
const BUCKET = 'viapi-kit-dev'
// Reads plain object URLs: these tests are about other rules (read routes: test/emulator/read-routes.test.ts).
useEmulator((e) => (emu = e), { reset: 'each', emulator: { sameAccountRead: true } })

const ar = (extra: Record<string, string>) =>
  rpcV1(emu, { action: 'AssumeRole', keys: rootKeys(emu), params: { RoleArn: emu.options.roleArn, RoleSessionName: 'abc', ...extra } })

describe('AssumeRole', () => {
  it('issues STS credentials with Expiration = now + DurationSeconds', async () => {
    const before = Date.now()
    const r = await ar({ DurationSeconds: '900' })
    expect(r.status).toBe(200)
    const c = r.body.Credentials
    expect(c.AccessKeyId).toMatch(/^STS\./)
    expect(c.Expiration).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    const exp = Date.parse(c.Expiration)
    expect(exp).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 899_000)
    expect(exp).toBeLessThanOrEqual(Date.now() + 900_000)
    expect(r.body.AssumedRoleUser.Arn).toBe(`acs:ram::${emu.options.accountId}:assumed-role/viapi-kit-uploader/abc`)
  })

  it('validates RoleArn, RoleSessionName, DurationSeconds and Policy', async () => {
    expect((await ar({ RoleArn: 'arn:aws:iam::1:role/x' })).body.Code).toBe('InvalidParameter.RoleArn')
    const other = await ar({ RoleArn: `acs:ram::${emu.options.accountId}:role/other` })
    expect(other.status).toBe(404)
    expect(other.body.Code).toBe('EntityNotExist.Role')
    expect((await ar({ RoleSessionName: 'a' })).body.Code).toBe('InvalidParameter.RoleSessionName')
    expect((await ar({ RoleSessionName: 'has space' })).body.Code).toBe('InvalidParameter.RoleSessionName')
    expect((await ar({ RoleSessionName: 'x'.repeat(65) })).body.Code).toBe('InvalidParameter.RoleSessionName')
    expect((await ar({ RoleSessionName: 'a.b@c_d-e' })).status).toBe(200)
    expect((await ar({ DurationSeconds: '899' })).body.Code).toBe('InvalidParameter.DurationSeconds')
    expect((await ar({ DurationSeconds: '3601' })).body.Code).toBe('InvalidParameter.DurationSeconds')
    expect((await ar({ DurationSeconds: '3600' })).status).toBe(200)
    expect((await ar({ Policy: '{not json' })).body.Code).toBe('InvalidParameter.PolicyGrammar')
    expect((await ar({ Policy: JSON.stringify({ Version: '1' }) })).body.Code).toBe('InvalidParameter.PolicyGrammar')
    const big = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: ['oss:PutObject'], Resource: ['x'.repeat(2100)] }] })
    expect((await ar({ Policy: big })).body.Code).toBe('InvalidParameter.PolicySize')
  })

  it('an STS key cannot call AssumeRole', async () => {
    const sts = await assumeRole(emu)
    const r = await rpcV1(emu, { action: 'AssumeRole', keys: sts, params: { RoleArn: emu.options.roleArn, RoleSessionName: 'abc' } })
    expect(r.status).toBe(403)
    expect(r.body.Code).toBe('NoPermission')
  })
})

async function seed(key: string, body: Buffer, type = 'image/png'): Promise<string> {
  emu.putObject(BUCKET, key, body, type)
  return `${emu.url}/oss/${BUCKET}/${key}`
}

describe('STS tokens on RPC calls', () => {
  it('requires the matching SecurityToken (V1 and V3)', async () => {
    const a = await assumeRole(emu, userPolicy(BUCKET, 'u1'))
    const b = await assumeRole(emu, userPolicy(BUCKET, 'u2'))
    const url = await seed('uploads/u1/card.png', await pngCard())
    const params = { ImageURL: url }
    expect((await rpcV1(emu, { action: 'RecognizeBankCard', keys: a, params })).status).toBe(200)
    expect((await rpcV3(emu, { action: 'RecognizeBankCard', keys: a, query: params })).status).toBe(200)
    // An STS key without its token: MissingSecurityToken, "SecurityToken is mandatory for this action."
    // (the STS common-errors page, docs/platform-contracts.md), on V1 and V3 alike.
    const none = await rpcV1(emu, { action: 'RecognizeBankCard', keys: { ...a, securityToken: undefined }, params })
    expect(none.body.Code).toBe('MissingSecurityToken')
    expect(none.body.Message).toBe('SecurityToken is mandatory for this action.')
    const v3none = await rpcV3(emu, { action: 'RecognizeBankCard', keys: { ...a, securityToken: undefined }, query: params })
    expect(v3none.body.Code).toBe('MissingSecurityToken')
    const mismatch = await rpcV1(emu, { action: 'RecognizeBankCard', keys: { ...a, securityToken: b.securityToken }, params })
    expect(mismatch.body.Code).toBe('InvalidSecurityToken.MismatchWithAccessKey')
    const v3mismatch = await rpcV3(emu, { action: 'RecognizeBankCard', keys: { ...a, securityToken: b.securityToken }, query: params })
    expect(v3mismatch.body.Code).toBe('InvalidSecurityToken.MismatchWithAccessKey')
    const malformed = await rpcV1(emu, { action: 'RecognizeBankCard', keys: { ...a, securityToken: 'garbage' }, params })
    expect(malformed.body.Code).toBe('InvalidSecurityToken.Malformed')
    const unknown = await rpcV1(emu, { action: 'RecognizeBankCard', keys: { ...a, accessKeyId: 'STS.unknown' }, params })
    expect(unknown.body.Code).toBe('InvalidAccessKeyId.NotFound')
  })

  it('refuses expired tokens (time passing and POST /__admin/expire-tokens)', async () => {
    let now = Date.now()
    const clocked = await start({ now: () => now, sameAccountRead: true })
    try {
      const keys = await assumeRole(clocked, userPolicy(BUCKET, 'u1'), { DurationSeconds: '900' })
      clocked.putObject(BUCKET, 'uploads/u1/c.png', await pngCard())
      const params = { ImageURL: `${clocked.url}/oss/${BUCKET}/uploads/u1/c.png` }
      // Requests are timestamped with the same virtual clock so only the token ages.
      const call = () =>
        rpcV1(clocked, { action: 'RecognizeBankCard', keys, params, timestamp: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z') })
      expect((await call()).status).toBe(200)
      now += 901_000
      const r = await call()
      expect(r.body.Code).toBe('InvalidSecurityToken.Expired')
    } finally {
      await clocked.close()
    }
    const keys = await assumeRole(emu, userPolicy(BUCKET, 'u1'))
    const url = await seed('uploads/u1/c.png', await pngCard())
    expect((await rpcV1(emu, { action: 'RecognizeBankCard', keys, params: { ImageURL: url } })).status).toBe(200)
    const res = await fetch(`${emu.url}/__admin/expire-tokens`, { method: 'POST' })
    expect((await res.json()).expired).toBeGreaterThan(0)
    expect((await rpcV1(emu, { action: 'RecognizeBankCard', keys, params: { ImageURL: url } })).body.Code).toBe(
      'InvalidSecurityToken.Expired',
    )
  })

  it('enforces the session policy: out-of-policy action, Deny wins, wildcards', async () => {
    const url = await seed('uploads/u1/c.png', await pngCard())
    const ocrOnly = await assumeRole(emu, { Version: '1', Statement: [{ Effect: 'Allow', Action: 'viapi-ocr:*', Resource: '*' }] })
    expect((await rpcV1(emu, { action: 'RecognizeBankCard', keys: ocrOnly, params: { ImageURL: url } })).status).toBe(200)
    const seg = await rpcV1(emu, { action: 'SegmentCommonImage', keys: ocrOnly, params: { ImageURL: url } })
    expect(seg.status).toBe(403)
    expect(seg.body.Code).toBe('Forbidden.RAM')
    const denied = await assumeRole(emu, {
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: 'viapi-ocr:RecognizeBankCard', Resource: '*' },
      ],
    })
    expect((await rpcV1(emu, { action: 'RecognizeBankCard', keys: denied, params: { ImageURL: url } })).body.Code).toBe('Forbidden.RAM')
    expect((await rpcV1(emu, { action: 'SegmentCommonImage', keys: denied, params: { ImageURL: url } })).status).toBe(200)
  })
})

describe('RecognizeBankCard', () => {
  it('answers a deterministic Luhn-valid card for V1 and V3, flagged Emulated', async () => {
    const img = await pngCard(64, 7)
    const url = await seed('uploads/u1/card.png', img)
    const keys = await assumeRole(emu, userPolicy(BUCKET, 'u1'))
    const a = await rpcV1(emu, { action: 'RecognizeBankCard', keys, params: { ImageURL: url } })
    const b = await rpcV3(emu, { action: 'RecognizeBankCard', keys: rootKeys(emu), form: { ImageURL: url } })
    expect(a.status).toBe(200)
    expect(a.body.Data).toEqual(b.body.Data)
    expect(a.body.Data.Emulated).toBe(true)
    expect(luhnValid(a.body.Data.CardNumber)).toBe(true)
    expect(a.body.Data.ValidDate).toMatch(/^(0[1-9]|1[0-2])\/\d{2}$/)
    expect(['DC', 'CC']).toContain(a.body.Data.CardType)
    expect(a.body.Data.BankName).toBeTruthy()
    expect(a.body.Data.CardNumber).toBe(bankCardFromImage(img).CardNumber)
    const other = bankCardFromImage(await pngCard(64, 8))
    expect(other.CardNumber).not.toBe(a.body.Data.CardNumber)
  })

  it('accepts JPEG, GIF and BMP by magic bytes; refuses other content', async () => {
    const keys = rootKeys(emu)
    const gif = await sharp(await pngCard())
      .gif()
      .toBuffer()
    for (const [name, body] of [
      ['a.jpg', await jpegCard()],
      ['a.gif', gif],
      ['a.bmp', bmpCard()],
    ] as const) {
      const url = await seed(`uploads/u1/${name}`, body)
      expect((await rpcV1(emu, { action: 'RecognizeBankCard', keys, params: { ImageURL: url } })).status).toBe(200)
    }
    const url = await seed('uploads/u1/fake.png', Buffer.from('%PDF-1.4 not an image'), 'image/png')
    const r = await rpcV1(emu, { action: 'RecognizeBankCard', keys, params: { ImageURL: url } })
    expect(r.status).toBe(400)
    expect(r.body.Code).toBe('InvalidFile.Content')
  })

  it('checks ImageURL: required, Shanghai OSS only, no CJK, exists, ≤ 3 MB', async () => {
    const keys = rootKeys(emu)
    expect((await rpcV1(emu, { action: 'RecognizeBankCard', keys })).body.Code).toBe('MissingImageURL')
    const foreign = await rpcV1(emu, { action: 'RecognizeBankCard', keys, params: { ImageURL: 'https://example.com/a.png' } })
    expect(foreign.body.Code).toBe('InvalidImage.Region')
    const hz = await rpcV1(emu, {
      action: 'RecognizeBankCard',
      keys,
      params: { ImageURL: `https://${BUCKET}.oss-cn-hangzhou.aliyuncs.com/a.png` },
    })
    expect(hz.body.Code).toBe('InvalidImage.Region')
    const cjk = await rpcV1(emu, { action: 'RecognizeBankCard', keys, params: { ImageURL: `${emu.url}/oss/${BUCKET}/uploads/银行卡.png` } })
    expect(cjk.body.Code).toBe('IllegalUrlParameter')
    const missing = await rpcV1(emu, { action: 'RecognizeBankCard', keys, params: { ImageURL: `${emu.url}/oss/${BUCKET}/nope.png` } })
    expect(missing.body.Code).toBe('InvalidImage.Download')
    const huge = Buffer.concat([await pngCard(), Buffer.alloc(3 * 1024 * 1024)])
    const hugeUrl = await seed('uploads/u1/huge.png', huge)
    expect((await rpcV1(emu, { action: 'RecognizeBankCard', keys, params: { ImageURL: hugeUrl } })).body.Code).toBe('InvalidImage.Size')
    // Real-shaped Shanghai URL of a bucket the emulator holds is read from the local store.
    await seed('uploads/u1/real.png', await pngCard())
    const real = await rpcV1(emu, {
      action: 'RecognizeBankCard',
      keys,
      params: { ImageURL: `https://${BUCKET}.oss-cn-shanghai.aliyuncs.com/uploads/u1/real.png` },
    })
    expect(real.status).toBe(200)
  })
})

describe('SegmentCommonImage', () => {
  it('returns a temporary RGBA PNG with a transparent background and opaque subject', async () => {
    const url = await seed('uploads/u1/seg.png', await pngCard(64))
    const keys = await assumeRole(emu, userPolicy(BUCKET, 'u1'))
    const r = await rpcV3(emu, { action: 'SegmentCommonImage', keys, query: { ImageURL: url } })
    expect(r.status).toBe(200)
    expect(r.body.Data.ImageURL).toMatch(new RegExp(`^${emu.url}/results/[0-9a-f]+\\.png$`))
    const res = await fetch(r.body.Data.ImageURL)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const png = Buffer.from(await res.arrayBuffer())
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true })
    expect(info.channels).toBe(4)
    const alpha = (x: number, y: number) => data[(y * info.width + x) * 4 + 3]
    expect(alpha(0, 0)).toBe(0)
    expect(alpha(32, 32)).toBe(255)
  })

  it('handles BMP input and mask output', async () => {
    // 64×64: SegmentCommonImage takes more than 32×32 px only (an 8×8 BMP is now refused).
    const url = await seed('uploads/u1/seg.bmp', bmpCard(64, 64))
    const r = await rpcV1(emu, { action: 'SegmentCommonImage', keys: rootKeys(emu), params: { ImageURL: url, ReturnForm: 'mask' } })
    expect(r.status).toBe(200)
    const png = Buffer.from(await (await fetch(r.body.Data.ImageURL)).arrayBuffer())
    expect((await sharp(png).metadata()).channels).toBe(1)
    const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true })
    expect(info.channels).toBe(1)
    expect(data[0]).toBe(0) // white border → background → alpha 0
    expect(data[32 * 64 + 32]).toBe(255) // blue centre → subject
  })

  it('ReturnForm=crop (documented) answers the RGBA cut-out cropped to the subject; an unknown form is refused', async () => {
    const url = await seed('uploads/u1/crop.bmp', bmpCard(64, 64))
    const r = await rpcV1(emu, { action: 'SegmentCommonImage', keys: rootKeys(emu), params: { ImageURL: url, ReturnForm: 'crop' } })
    expect(r.status).toBe(200)
    const png = Buffer.from(await (await fetch(r.body.Data.ImageURL)).arrayBuffer())
    const meta = await sharp(png).metadata()
    expect(meta.channels).toBe(4)
    // The white border is background: the crop is smaller than the 64×64 input.
    expect(meta.width).toBeLessThan(64)
    expect(meta.height).toBeLessThan(64)
    const bad = await rpcV1(emu, { action: 'SegmentCommonImage', keys: rootKeys(emu), params: { ImageURL: url, ReturnForm: 'shadow' } })
    expect(bad.status).toBe(400)
    expect(bad.body.Code).toBe('InvalidParameter')
  })

  it('result URLs expire', async () => {
    let now = Date.now()
    const clocked = await start({ now: () => now, resultTtlMs: 60_000, sameAccountRead: true })
    try {
      clocked.putObject(BUCKET, 'a.png', await pngCard())
      const r = await rpcV1(clocked, {
        action: 'SegmentCommonImage',
        keys: rootKeys(clocked),
        params: { ImageURL: `${clocked.url}/oss/${BUCKET}/a.png` },
      })
      expect((await fetch(r.body.Data.ImageURL)).status).toBe(200)
      now += 61_000
      const expired = await fetch(r.body.Data.ImageURL)
      expect(expired.status).toBe(403)
      expect(await expired.text()).toContain('<Code>AccessDenied</Code>')
    } finally {
      await clocked.close()
    }
  })
})
