// Adding an operation on a product the kit has never called is still one declaration.
// face-detection.operation.ts declares facebody DetectFace; the mock below is operations/index.ts as it
// would read with that declaration in CLIENT_OPERATIONS. Nothing else is edited — no endpoint
// table, no config type, no route schema — and the new product gets everything an existing one
// has: an endpoint in the backend config (FACEBODY_ENDPOINT, else its declared cloud endpoint, or
// the emulator), that endpoint in every /api/sts grant and in the CLI's env grants, its RAM action
// in the session and role policies, its host on the allow-list, and `kit.call` going there.
import { describe, expect, it, vi } from 'vitest'
import { allowList } from '../../scripts/cli/allow-list'
import { grantsFromEnv } from '../../scripts/cli/grants'
import { ConfigError, loadConfig } from '../../server/config'
import { buildRamPolicies } from '../../server/policy/ram-policy'
import { userSessionPolicy } from '../../server/policy/user-policy'
import { CLIENT_OPERATIONS, createViapiKit } from '../../src/lib'
import { parseGrant } from '../../src/lib/credentials'
import { APP_OPERATIONS } from '../../src/services/app-operations'
import { createScriptedTransport } from '../fakes/scripted-transport'
import { makeApp } from '../server/helpers'
import { detectFaceOperation as detectFace } from './face-detection.operation'
import { CLOUD_ENV } from '../support/cloud-env'

vi.mock('../../src/lib/operations', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/lib/operations')>()
  const { detectFaceOperation } = await import('./face-detection.operation')
  return { ...actual, CLIENT_OPERATIONS: [...actual.CLIENT_OPERATIONS, detectFaceOperation] }
})

const cloudEnv = CLOUD_ENV
const FACEBODY = 'https://facebody.cn-shanghai.aliyuncs.com'
const allowed = (statements: Array<{ Action: string[]; Resource: string[] }>) =>
  statements.filter((st) => st.Action.includes(detectFace.ramAction))

describe('adding an operation on a new product: the declaration brings the product with it', () => {
  it('is a client operation on a product no shipped operation uses', () => {
    expect(CLIENT_OPERATIONS).toContain(detectFace)
    expect(CLIENT_OPERATIONS.filter((o) => o.product === 'facebody')).toEqual([detectFace])
  })

  it('the backend config has an endpoint for it: its cloud endpoint, the emulator, or FACEBODY_ENDPOINT (checked like the others)', () => {
    expect(loadConfig(cloudEnv).endpoints).toMatchObject({ facebody: FACEBODY, ocr: 'https://ocr.cn-shanghai.aliyuncs.com' })
    expect(loadConfig({ LOG_LEVEL: 'silent' }).endpoints.facebody).toBe('http://127.0.0.1:9100')
    expect(loadConfig({ ...cloudEnv, FACEBODY_ENDPOINT: 'https://facebody.vpc.example.com/' }).endpoints.facebody).toBe(
      'https://facebody.vpc.example.com',
    )
    let problems: string[] = []
    try {
      loadConfig({ ...cloudEnv, FACEBODY_ENDPOINT: 'http://facebody.example.com' })
    } catch (err) {
      if (err instanceof ConfigError) problems = err.problems
    }
    expect(problems).toEqual(['FACEBODY_ENDPOINT: must use https:// when APP_MODE=cloud (got "http://facebody.example.com")'])
  })

  it('POST /api/sts hands out its endpoint with the others, and the kit reads it from the grant', async () => {
    const { app, login } = makeApp({ env: cloudEnv })
    try {
      const res = await app.inject({ method: 'POST', url: '/api/sts', headers: { authorization: `Bearer ${await login('alice')}` } })
      expect(res.statusCode).toBe(200)
      expect(res.json().endpoints).toEqual({
        ocr: 'https://ocr.cn-shanghai.aliyuncs.com',
        imageseg: 'https://imageseg.cn-shanghai.aliyuncs.com',
        moderation: 'https://green-cip.cn-shanghai.aliyuncs.com',
        imm: 'https://imm.cn-shanghai.aliyuncs.com',
        facebody: FACEBODY,
      })

      const grant = parseGrant(res.json())
      const { transport, nextRequest } = createScriptedTransport()
      const kit = createViapiKit({ transport, grants: async () => grant })
      const result = kit.call(detectFace, { imageUrl: 'https://card-photos.oss-cn-shanghai.aliyuncs.com/uploads/wx_alice/me.jpg' })
      const pending = await nextRequest()
      expect(new URL((pending.req as { url: string }).url).origin).toBe(FACEBODY)
      pending.respond({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ RequestId: 'req-1', Data: { FaceCount: 1, FaceRectangles: [10, 20, 30, 40] } }),
      })
      await expect(result).resolves.toEqual({ faces: [{ left: 10, top: 20, width: 30, height: 40 }], requestId: 'req-1' })
    } finally {
      await app.close()
    }
  })

  it('the CLI’s grants from an STS token in the environment carry it too', async () => {
    const { transport } = createScriptedTransport()
    const env = {
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 's',
      ALIBABA_CLOUD_SECURITY_TOKEN: 't',
      OSS_BUCKET: 'card-photos',
    }
    expect((await grantsFromEnv(env, transport)()).endpoints).toMatchObject({
      facebody: FACEBODY,
      ocr: 'https://ocr.cn-shanghai.aliyuncs.com',
    })
    expect((await grantsFromEnv({ ...env, FACEBODY_ENDPOINT: 'https://facebody.vpc.example.com/' }, transport)()).endpoints.facebody).toBe(
      'https://facebody.vpc.example.com',
    )
  })

  it('the session policy of every user and the role policy allow its RAM action, account-wide', () => {
    expect(allowed(userSessionPolicy(loadConfig(cloudEnv), 'wx_alice').Statement)).toEqual([
      expect.objectContaining({ Effect: 'Allow', Resource: ['*'] }),
    ])
    const role = buildRamPolicies({
      bucket: 'card-photos',
      keyPrefix: 'uploads',
      roleArn: cloudEnv.ALIBABA_CLOUD_ROLE_ARN,
    }).rolePermissionPolicy
    expect(allowed(role.Statement)).toEqual([expect.objectContaining({ Effect: 'Allow', Resource: ['*'] })])
  })

  it('npm run domains: an app that calls it has the new product’s host on the request allow-list', () => {
    expect(allowList(loadConfig(cloudEnv), cloudEnv, [...APP_OPERATIONS, detectFace]).request).toContain(FACEBODY)
    expect(allowList(loadConfig(cloudEnv), cloudEnv).request).not.toContain(FACEBODY)
  })
})
