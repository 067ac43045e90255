// PostObject (V1 and V4, signed by ali-oss) and GetObject. Every refusal must leave no object.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import type { RunningEmulator } from '../../emulator/index'
import { useEmulator } from '../support/use-emulator'
import {
  assumeRole,
  ownV4Signature,
  pngCard,
  policyExpiring,
  postObject,
  rootKeys,
  rpcV1,
  signedGetUrl,
  start,
  userPolicy,
  v1Fields,
  v4Fields,
  type Field,
  type Keys,
} from './helpers'

const BUCKET = 'viapi-kit-dev'
let emu: RunningEmulator
let img: Buffer
let u1: Keys
let u2: Keys
const postUrl = () => `${emu.url}/oss/${BUCKET}`
const stored = () => emu.state.objects.count()

useEmulator((e) => (emu = e), { emulator: { maxUploadBytes: 256 * 1024 }, reset: 'each' })
beforeAll(async () => {
  img = await pngCard()
})
beforeEach(async () => {
  u1 = await assumeRole(emu, userPolicy(BUCKET, 'u1'))
  u2 = await assumeRole(emu, userPolicy(BUCKET, 'u2'))
})

const userConditions = (prefix: string, max = 3 * 1024 * 1024) => [
  { bucket: BUCKET },
  ['starts-with', '$key', prefix],
  ['content-length-range', 1, max],
  ['in', '$content-type', ['image/jpeg', 'image/png']],
]

async function expectRefused(
  fields: Field[],
  code: string,
  status: number,
  after: Field[] = [],
  file = { data: img, contentType: 'image/png' },
) {
  const r = await postObject(postUrl(), [...fields, ['Content-Type', file.contentType]], file, after)
  expect(r.code, r.text).toBe(code)
  expect(r.status).toBe(status)
  expect(r.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error>/)
  expect(r.text).toContain('<RequestId>')
  expect(r.text).toContain('<HostId>')
  expect(r.headers.get('x-oss-request-id')).toMatch(/^[0-9A-F]{24}$/)
  expect(stored()).toBe(0)
  return r
}

describe('PostObject V4 (OSS4-HMAC-SHA256)', () => {
  it('stores an upload signed by ali-oss with an STS token, and the oracle agrees with node:crypto', async () => {
    const fields = v4Fields(u1, BUCKET, 'uploads/u1/a.png', userConditions('uploads/u1/'))
    const f = Object.fromEntries(fields)
    expect(f['x-oss-signature']).toBe(ownV4Signature(u1.accessKeySecret, f['x-oss-date'].slice(0, 8), 'cn-shanghai', f.policy))
    const r = await postObject(postUrl(), [...fields, ['Content-Type', 'image/png']], { data: img })
    expect(r.status, r.text).toBe(204)
    const md5 = createHash('md5').update(img).digest('hex').toUpperCase()
    expect(r.headers.get('etag')).toBe(`"${md5}"`)
    expect(r.headers.get('x-oss-request-id')).toBeTruthy()
    expect(emu.state.objects.get(BUCKET, 'uploads/u1/a.png', Date.now())?.body.equals(img)).toBe(true)
  })

  it('honours success_action_status 200 and 201', async () => {
    const base = v4Fields(u1, BUCKET, 'uploads/u1/b.png', userConditions('uploads/u1/')).filter(([k]) => k !== 'success_action_status')
    const r200 = await postObject(postUrl(), [...base, ['success_action_status', '200']], { data: img })
    expect(r200.status).toBe(200)
    expect(r200.text).toBe('')
    const r201 = await postObject(postUrl(), [...base, ['success_action_status', '201']], { data: img })
    expect(r201.status).toBe(201)
    expect(r201.text).toContain('<PostResponse>')
    expect(r201.text).toContain('<Key>uploads/u1/b.png</Key>')
  })

  it('refuses a policy without the V4 signing fields pinned', async () => {
    for (const skip of ['x-oss-credential', 'x-oss-date', 'x-oss-signature-version', 'x-oss-security-token']) {
      const r = await expectRefused(
        v4Fields(u1, BUCKET, 'uploads/u1/a.png', userConditions('uploads/u1/'), { skipCondition: skip }),
        'AccessDenied',
        403,
      )
      expect(r.text).toContain(skip)
    }
  })

  it('refuses tampered policy, wrong signature, wrong region', async () => {
    const fields = v4Fields(u1, BUCKET, 'uploads/u1/a.png', userConditions('uploads/u1/'))
    const tampered = fields.map(([k, v]): Field => [
      k,
      k === 'policy' ? Buffer.from(Buffer.from(v, 'base64').toString().replace('uploads/u1/', 'uploads/')).toString('base64') : v,
    ])
    await expectRefused(tampered, 'SignatureDoesNotMatch', 403)
    const badSig = fields.map(([k, v]): Field => [k, k === 'x-oss-signature' ? v.replace(/^./, v[0] === 'a' ? 'b' : 'a') : v])
    await expectRefused(badSig, 'SignatureDoesNotMatch', 403)
    const hz = v4Fields(u1, BUCKET, 'uploads/u1/a.png', userConditions('uploads/u1/'), { region: 'cn-hangzhou' })
    await expectRefused(hz, 'InvalidArgument', 400)
  })

  it('refuses an expired policy', async () => {
    const r = await expectRefused(
      v4Fields(u1, BUCKET, 'uploads/u1/a.png', userConditions('uploads/u1/'), { expiresInMs: -1000 }),
      'AccessDenied',
      403,
    )
    expect(r.text).toContain('Invalid according to Policy: Policy expired.')
  })

  it('refuses a key outside the policy prefix', async () => {
    const r = await expectRefused(v4Fields(u1, BUCKET, 'uploads/u2/a.png', userConditions('uploads/u1/')), 'AccessDenied', 403)
    expect(r.text).toContain('Policy Condition failed: [&quot;starts-with&quot;, &quot;$key&quot;, &quot;uploads/u1/&quot;]')
  })

  it('refuses a key the token policy does not allow (another user prefix), even with a matching upload policy', async () => {
    const r = await expectRefused(v4Fields(u1, BUCKET, 'uploads/u2/a.png', userConditions('uploads/u2/')), 'AccessDenied', 403)
    expect(r.text).toContain('oss:PutObject')
    // u2's token with u1's key prefix
    await expectRefused(v4Fields(u2, BUCKET, 'uploads/u1/a.png', userConditions('uploads/u1/')), 'AccessDenied', 403)
  })

  it('refuses a file over content-length-range and over the emulator cap', async () => {
    await expectRefused(v4Fields(u1, BUCKET, 'uploads/u1/a.png', userConditions('uploads/u1/', 100)), 'EntityTooLarge', 400)
    const big = Buffer.concat([img, Buffer.alloc(300 * 1024)])
    await expectRefused(v4Fields(u1, BUCKET, 'uploads/u1/a.png', userConditions('uploads/u1/')), 'EntityTooLarge', 400, [], {
      data: big,
      contentType: 'image/png',
    })
  })

  it('refuses a content type outside the policy list', async () => {
    const r = await expectRefused(v4Fields(u1, BUCKET, 'uploads/u1/a.png', userConditions('uploads/u1/')), 'AccessDenied', 403, [], {
      data: img,
      contentType: 'text/html',
    })
    expect(r.text).toContain('$content-type')
  })

  it('ignores fields after file (so a late signature means no signature)', async () => {
    const fields = v4Fields(u1, BUCKET, 'uploads/u1/a.png', userConditions('uploads/u1/'))
    const before = fields.filter(([k]) => k !== 'x-oss-signature')
    const late = fields.filter(([k]) => k === 'x-oss-signature')
    const r = await expectRefused(before, 'InvalidArgument', 400, late)
    expect(r.text).toContain('x-oss-signature')
  })

  it('refuses expired / foreign tokens, unknown keys, unknown buckets', async () => {
    const fields = v4Fields(u1, BUCKET, 'uploads/u1/a.png', userConditions('uploads/u1/'))
    emu.expireTokens()
    await expectRefused(fields, 'SecurityTokenExpired', 403)
    const fresh = await assumeRole(emu, userPolicy(BUCKET, 'u1'))
    const other = await assumeRole(emu, userPolicy(BUCKET, 'u1'))
    // A token from another AssumeRole answer: OSS's 403 page names AccessKeyIdAndSecurityTokenNotMatch;
    // a token that is no token at all is InvalidSecurityToken.
    const swapped = v4Fields({ ...fresh, securityToken: other.securityToken }, BUCKET, 'uploads/u1/a.png', userConditions('uploads/u1/'))
    await expectRefused(swapped, 'AccessKeyIdAndSecurityTokenNotMatch', 403)
    const garbage = v4Fields({ ...fresh, securityToken: 'CAISgarbage' }, BUCKET, 'uploads/u1/a.png', userConditions('uploads/u1/'))
    await expectRefused(garbage, 'InvalidSecurityToken', 403)
    // A token sent with a long-term key makes it an STS request whose key does not exist (EC 0002-00000002).
    const longTerm = v4Fields(
      { ...rootKeys(emu), securityToken: fresh.securityToken },
      BUCKET,
      'uploads/u1/a.png',
      userConditions('uploads/u1/'),
    )
    await expectRefused(longTerm, 'InvalidAccessKeyId', 403)
    const unknown = v4Fields({ accessKeyId: 'STS.nobody', accessKeySecret: 'x', securityToken: 'CAISx' }, BUCKET, 'uploads/u1/a.png', [])
    await expectRefused(unknown, 'InvalidAccessKeyId', 403)
    const r = await postObject(`${emu.url}/oss/no-such-bucket`, fields, { data: img })
    expect(r.code).toBe('NoSuchBucket')
    expect(r.status).toBe(404)
  })

  it('refuses a malformed policy document', async () => {
    const fields = v4Fields(u1, BUCKET, 'uploads/u1/a.png', [])
    const notJson = Buffer.from('not json').toString('base64')
    const patched = fields.map(([k, v]): Field => [
      k,
      k === 'policy'
        ? notJson
        : k === 'x-oss-signature'
          ? ownV4Signature(u1.accessKeySecret, fields.find(([n]) => n === 'x-oss-date')![1].slice(0, 8), 'cn-shanghai', notJson)
          : v,
    ])
    await expectRefused(patched, 'InvalidPolicyDocument', 400)
  })
})

describe('PostObject V1 (HMAC-SHA1)', () => {
  it('stores an upload signed by ali-oss calculatePostSignature (root key and STS key)', async () => {
    const policy = policyExpiring(60_000, userConditions('uploads/u1/'))
    const r = await postObject(postUrl(), [...v1Fields(u1, BUCKET, 'uploads/u1/v1.png', policy), ['Content-Type', 'image/png']], {
      data: img,
    })
    expect(r.status, r.text).toBe(204)
    const root = await postObject(postUrl(), v1Fields(rootKeys(emu), BUCKET, 'anything/x.png', policyExpiring(60_000, [])), { data: img })
    expect(root.status).toBe(204)
    expect(stored()).toBe(2)
  })

  it('refuses tampered policy and wrong secret with SignatureDoesNotMatch', async () => {
    const fields = v1Fields(u1, BUCKET, 'uploads/u1/v1.png', policyExpiring(60_000, userConditions('uploads/u1/')))
    const other = v1Fields(u1, BUCKET, 'uploads/u1/v1.png', policyExpiring(60_000, userConditions('uploads/')))
    const swapped = fields.map(([k, v]): Field => [k, k === 'policy' ? other.find(([n]) => n === 'policy')![1] : v])
    const r = await expectRefused(swapped, 'SignatureDoesNotMatch', 403)
    expect(r.text).toContain('<StringToSign>')
    const wrong = v1Fields({ ...u1, accessKeySecret: 'wrong' }, BUCKET, 'uploads/u1/v1.png', policyExpiring(60_000, []))
    await expectRefused(wrong, 'SignatureDoesNotMatch', 403)
  })

  it('refuses eq conditions on form fields that do not match, and anonymous posts', async () => {
    const policy = policyExpiring(60_000, [['eq', '$key', 'uploads/u1/exact.png'], { 'x-oss-security-token': u1.securityToken }])
    await expectRefused(v1Fields(u1, BUCKET, 'uploads/u1/other.png', policy), 'AccessDenied', 403)
    await expectRefused([['key', 'uploads/u1/a.png']], 'AccessDenied', 403)
  })

  it('refuses a missing file part', async () => {
    const r = await postObject(postUrl(), v1Fields(u1, BUCKET, 'uploads/u1/v1.png', policyExpiring(60_000, [])), null)
    expect(r.code).toBe('InvalidArgument')
    expect(stored()).toBe(0)
  })
})

describe('GetObject', () => {
  it('is private: needs a signed URL unless the bucket is publicRead', async () => {
    emu.putObject(BUCKET, 'uploads/u1/g.png', img, 'image/png')
    const anon = await fetch(`${emu.url}/oss/${BUCKET}/uploads/u1/g.png`)
    expect(anon.status).toBe(403)
    expect(await anon.text()).toContain('<Code>AccessDenied</Code>')
    const ok = await fetch(signedGetUrl(emu, rootKeys(emu), BUCKET, 'uploads/u1/g.png'))
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await ok.arrayBuffer()).equals(img)).toBe(true)
    const expired = await fetch(signedGetUrl(emu, rootKeys(emu), BUCKET, 'uploads/u1/g.png', -10))
    expect(expired.status).toBe(403)
    const bad = await fetch(signedGetUrl(emu, { ...rootKeys(emu), accessKeySecret: 'x' }, BUCKET, 'uploads/u1/g.png'))
    expect(bad.status).toBe(403)
    expect(await bad.text()).toContain('SignatureDoesNotMatch')
    const missing = await fetch(signedGetUrl(emu, rootKeys(emu), BUCKET, 'uploads/u1/none.png'))
    expect(missing.status).toBe(404)
    // u1's session policy has no oss:GetObject
    const sts = await fetch(signedGetUrl(emu, u1, BUCKET, 'uploads/u1/g.png'))
    expect(sts.status).toBe(403)

    const pub = await start({ buckets: { pub: { publicRead: true } } })
    try {
      pub.putObject('pub', 'x.png', img, 'image/png')
      expect((await fetch(`${pub.url}/oss/pub/x.png`)).status).toBe(200)
    } finally {
      await pub.close()
    }
  })
})

describe('viapiutils GetOssStsToken', () => {
  it('grants PostObject only into viapi-customer-temp under keys starting with its AccessKeyId', async () => {
    const r = await rpcV1(emu, { action: 'GetOssStsToken', keys: rootKeys(emu) })
    expect(r.status).toBe(200)
    expect(r.body.Data).not.toHaveProperty('Expiration')
    const keys: Keys = {
      accessKeyId: r.body.Data.AccessKeyId,
      accessKeySecret: r.body.Data.AccessKeySecret,
      securityToken: r.body.Data.SecurityToken,
    }
    const temp = `${emu.url}/oss/viapi-customer-temp`
    const ok = await postObject(temp, v4Fields(keys, 'viapi-customer-temp', `${keys.accessKeyId}/photo.png`, []), { data: img })
    expect(ok.status, ok.text).toBe(204)
    const outside = await postObject(temp, v4Fields(keys, 'viapi-customer-temp', 'other/photo.png', []), { data: img })
    expect(outside.code).toBe('AccessDenied')
    const otherBucket = await postObject(postUrl(), v4Fields(keys, BUCKET, `${keys.accessKeyId}/photo.png`, []), { data: img })
    expect(otherBucket.code).toBe('AccessDenied')
    // and the vision APIs read from the temp bucket
    const ocr = await rpcV1(emu, {
      action: 'RecognizeBankCard',
      keys: rootKeys(emu),
      params: { ImageURL: `${temp}/${keys.accessKeyId}/photo.png` },
    })
    expect(ocr.status).toBe(200)
  })
})
