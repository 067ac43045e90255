// Adding an operation is one declaration plus its result type. identity-card.operation.ts declares
// one the kit does not ship (ocr RecognizeIdentityCard); the mock below is operations/index.ts as it
// would read with that declaration in CLIENT_OPERATIONS. Nothing else is edited, and every
// consumer picks it up: the per-user session policy, `npm run ram-policy`'s role policy,
// `npm run domains`' allow-list, the operations table in docs/operations.md, the kit's image checks and the request
// `kit.call` signs — verified with the emulator's own V3 verifier, without a network call (the
// emulator has no handler for this action and takes none from outside).
import { describe, expect, it, vi } from 'vitest'
import { parseForm } from '../../emulator/http'
import { readClaims } from '../../emulator/rpc/auth'
import { allowList } from '../../scripts/cli/allow-list'
import { operationsTable } from '../../scripts/cli/operations-docs'
import { loadConfig } from '../../server/config'
import { buildRamPolicies } from '../../server/policy/ram-policy'
import { userSessionPolicy } from '../../server/policy/user-policy'
import { CLIENT_OPERATIONS, createViapiKit, InputError, type StsGrant } from '../../src/lib'
import { planImage } from '../../src/lib/image'
import { rpcV3Signer } from '../../src/lib/rpc'
import { APP_OPERATIONS } from '../../src/services/app-operations'
import { createScriptedTransport } from '../fakes/scripted-transport'
import { recognizeIdentityCardOperation as idCard } from './identity-card.operation'
import { CLOUD_ENV } from '../support/cloud-env'

vi.mock('../../src/lib/operations', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/lib/operations')>()
  const { recognizeIdentityCardOperation } = await import('./identity-card.operation')
  return { ...actual, CLIENT_OPERATIONS: [...actual.CLIENT_OPERATIONS, recognizeIdentityCardOperation] }
})

const cloudEnv = CLOUD_ENV
const config = loadConfig(cloudEnv)
const allowed = (statements: Array<{ Action: string[]; Resource: string[] }>) =>
  statements.filter((st) => st.Action.includes(idCard.ramAction))

describe('adding an operation: one declaration reaches every consumer', () => {
  it('is a client operation (the declaration, as operations/index.ts would list it)', () => {
    expect(CLIENT_OPERATIONS).toContain(idCard)
  })

  it('the session policy of every user allows its RAM action, account-wide', () => {
    expect(allowed(userSessionPolicy(config, 'wx_alice').Statement)).toEqual([
      expect.objectContaining({ Effect: 'Allow', Resource: ['*'] }),
    ])
  })

  it('npm run ram-policy: the role permission policy allows it too (a session policy can only narrow the role)', () => {
    const role = buildRamPolicies({
      bucket: 'card-photos',
      keyPrefix: 'uploads',
      roleArn: cloudEnv.ALIBABA_CLOUD_ROLE_ARN,
    }).rolePermissionPolicy
    expect(allowed(role.Statement)).toEqual([expect.objectContaining({ Effect: 'Allow', Resource: ['*'] })])
  })

  it('npm run domains: an app that calls it has its product’s endpoint on the request allow-list', () => {
    const list = allowList(config, cloudEnv, [...APP_OPERATIONS, idCard])
    expect(list.request).toContain(new URL(config.endpoints[idCard.product]).origin)
    expect(list.request).toContain('https://ocr.cn-shanghai.aliyuncs.com')
  })

  it('the operations table in docs/operations.md gets its row (npm run docs:operations)', () => {
    const row = operationsTable()
      .split('\n')
      .find((l) => l.startsWith('| `RecognizeIdentityCard` |'))
    expect(row).toBe(
      '| `RecognizeIdentityCard` | `ocr` 2019-12-30 | `viapi-ocr:RecognizeIdentityCard` | `*` | phone (user STS token) | JPEG, PNG, BMP, GIF; ≤ 3 MB; pixels not documented (unverified) | 1600 px | [API reference](https://api.aliyun.com/api/ocr/2019-12-30/RecognizeIdentityCard) |',
    )
  })

  it('photos are prepared to its limits and refused before any request when they break them', async () => {
    expect(planImage(idCard.imageLimits!, { type: 'jpeg', width: 4000, height: 3000, bytes: 3_900_000 })).toMatchObject({
      action: 'resize',
      width: 1600,
      height: 1200,
    })
    const { transport, sent } = createScriptedTransport()
    const kit = createViapiKit({ transport, grants: () => Promise.reject(new Error('no grant needed')) })
    await expect(kit.upload({ path: 'id.webp', contentType: 'image/webp', size: 1000 }, {}, idCard.imageLimits)).rejects.toMatchObject({
      code: 'UnsupportedImageType',
      message: expect.stringContaining('RecognizeIdentityCard'),
    })
    await expect(
      kit.upload({ path: 'id.jpg', contentType: 'image/jpeg', size: 4 * 1024 * 1024 }, {}, idCard.imageLimits),
    ).rejects.toBeInstanceOf(InputError)
    expect(sent).toHaveLength(0)
  })

  it('kit.call signs it (V3) to the grant’s endpoint for its product and parses the answer with its own parser', async () => {
    const secret = 'test-secret-for-the-new-operation'
    const grant: StsGrant = {
      credentials: {
        accessKeyId: 'STS.newop',
        accessKeySecret: secret,
        securityToken: 'token-newop',
        expiration: new Date(Date.now() + 3600_000),
      },
      oss: {
        bucket: 'card-photos',
        region: 'cn-shanghai',
        host: 'https://card-photos.oss-cn-shanghai.aliyuncs.com',
        keyPrefix: 'uploads/wx_alice/',
        signatureVersion: 'v4',
        maxBytes: 3 * 1024 * 1024,
      },
      // What /api/sts hands out: the backend's endpoints map.
      endpoints: { ...config.endpoints },
      serverTime: new Date(),
    }
    const { transport, nextRequest } = createScriptedTransport()
    const kit = createViapiKit({ transport, grants: async () => grant, rpcSigner: rpcV3Signer })
    const imageUrl = 'https://card-photos.oss-cn-shanghai.aliyuncs.com/uploads/wx_alice/id.jpg'
    const result = kit.call(idCard, { imageUrl, side: 'face' })

    const pending = await nextRequest()
    const req = pending.req as { url: string; method: string; headers: Record<string, string>; body?: string }
    const url = new URL(req.url)
    expect(url.origin).toBe('https://ocr.cn-shanghai.aliyuncs.com')
    const query = parseForm(url.search.slice(1))
    expect(query).toMatchObject({ ImageURL: imageUrl, Side: 'face' })
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]))
    // The platform adds Host; the emulator's verifier rebuilds the canonical request from what arrives.
    const claims = readClaims({
      method: req.method,
      path: url.pathname,
      query,
      params: query,
      headers: { ...headers, host: url.host },
      body: Buffer.from(req.body ?? ''),
    })
    expect(claims).toMatchObject({
      signatureVersion: 'v3',
      action: 'RecognizeIdentityCard',
      version: '2019-12-30',
      accessKeyId: 'STS.newop',
      securityToken: 'token-newop',
    })
    expect(claims.verify(secret).ok).toBe(true)
    expect(claims.verify('another-secret').ok).toBe(false)

    pending.respond({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        RequestId: 'req-1',
        Data: { FrontResult: { Name: '张三', IDNumber: '11010119900307001X', Address: '北京市东城区' } },
      }),
    })
    await expect(result).resolves.toEqual({
      side: 'face',
      name: '张三',
      idNumber: '11010119900307001X',
      address: '北京市东城区',
      issue: '',
      validUntil: '',
      requestId: 'req-1',
    })
  })
})
