import { describe, expect, it } from 'vitest'
import { buildSessionPolicy, serializePolicy, userKeyPrefix } from '../../server/policy/session-policy'
import { buildRamPolicies } from '../../server/policy/ram-policy'
import { parseRoleArn } from '../../server/policy/role-arn'
import { bucketHost, ossHost } from '../../server/config/oss-host'
import { operationStatements } from '../../server/policy/operation-statements'
import { userSessionPolicy } from '../../server/policy/user-policy'
import { loadConfig } from '../../server/config'
import { CLIENT_OPERATIONS } from '../../src/lib'
import { deriveUserId } from '../../server/login/user-id'

// The vendor's viapi policies all carry it (https://help.aliyun.com/document_detail/145025.html).
const PASS_ROLE = {
  Effect: 'Allow',
  Action: ['ram:PassRole'],
  Resource: ['*'],
  Condition: { StringEquals: { 'acs:Service': 'viapi.aliyuncs.com' } },
}

describe('buildSessionPolicy', () => {
  it('the user session policy matches the wire contract exactly', () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', OSS_BUCKET: 'viapi-kit-dev', IMM_PROJECT: 'faces' })
    expect(userSessionPolicy(config, 'wx_alice')).toEqual({
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: ['oss:PutObject', 'oss:GetObject'], Resource: ['acs:oss:*:*:viapi-kit-dev/uploads/wx_alice/*'] },
        {
          Effect: 'Allow',
          Action: ['viapi-ocr:RecognizeBankCard', 'viapi-imageseg:SegmentCommonImage', 'yundun-greenweb:TextModerationPlus'],
          Resource: ['*'],
        },
        { Effect: 'Allow', Action: ['imm:DetectImageFaces'], Resource: ['acs:imm:cn-shanghai:1234567890123456:project/faces'] },
        PASS_ROLE,
      ],
    })
  })

  it('asks for what the image-URL route needs, and no more', () => {
    const forRoute = (route: string) => userSessionPolicy(loadConfig({ LOG_LEVEL: 'silent', VIAPI_IMAGE_URL_ROUTE: route }), 'u').Statement
    expect(forRoute('plain-url')[0].Action).toEqual(['oss:PutObject'])
    expect(forRoute('viapi-temp-bucket')[0].Action).toEqual(['oss:PutObject'])
    expect(forRoute('viapi-temp-bucket')).toContainEqual({ Effect: 'Allow', Action: ['viapi:GetOssStsToken'], Resource: ['*'] })
    expect(forRoute('signed-url').flatMap((s) => s.Action)).not.toContain('viapi:GetOssStsToken')
    for (const route of ['plain-url', 'viapi-temp-bucket', 'signed-url']) expect(forRoute(route)).toContainEqual(PASS_ROLE)
  })

  it('normalizes slashes in the prefix and appends the grants it is given', () => {
    const grant = { Effect: 'Allow' as const, Action: ['viapi-ocr:RecognizeBankCard'], Resource: ['*'] }
    const p = buildSessionPolicy({ bucket: 'b-1', keyPrefix: '/a/b/', userId: 'dd_x' }, [grant])
    expect(p.Statement[0].Resource).toEqual(['acs:oss:*:*:b-1/a/b/dd_x/*'])
    expect(p.Statement.slice(1)).toEqual([grant])
    expect(userKeyPrefix('/a/b/', 'dd_x')).toBe('a/b/dd_x/')
  })

  it('grants nothing but the upload unless given the operations’ statements', () => {
    expect(buildSessionPolicy({ bucket: 'b-1', keyPrefix: 'uploads', userId: 'u' }).Statement).toEqual([
      { Effect: 'Allow', Action: ['oss:PutObject'], Resource: ['acs:oss:*:*:b-1/uploads/u/*'] },
    ])
  })

  it("grants OSS actions on the user's own prefix only: PutObject, and GetObject for signed URLs", () => {
    const p = userSessionPolicy(loadConfig({ LOG_LEVEL: 'silent', IMM_PROJECT: 'faces' }), 'u')
    const oss = p.Statement.filter((s) => s.Action.some((a) => a.startsWith('oss:')))
    expect(oss).toEqual([
      { Effect: 'Allow', Action: ['oss:PutObject', 'oss:GetObject'], Resource: ['acs:oss:*:*:viapi-kit-dev/uploads/u/*'] },
    ])
  })

  it("serializes compactly and refuses policies over STS's 2048 chars", () => {
    const p = buildSessionPolicy({ bucket: 'b-1', keyPrefix: 'uploads', userId: 'u' })
    expect(serializePolicy(p)).toBe(JSON.stringify(p))
    const big = buildSessionPolicy({ bucket: 'b-1', keyPrefix: 'uploads', userId: 'u' }, [
      { Effect: 'Allow', Action: Array(200).fill('viapi-ocr:RecognizeBankCard'), Resource: ['*'] },
    ])
    expect(() => serializePolicy(big)).toThrow(/2048/)
  })
})

describe('RAM policies', () => {
  const roleArn = 'acs:ram::1234567890123456:role/viapi-kit-uploader'

  it('role permission policy: PutObject under the prefix + every action a session policy asks for', () => {
    const { rolePermissionPolicy } = buildRamPolicies({ bucket: 'my-bucket', keyPrefix: 'uploads/', roleArn })
    expect(rolePermissionPolicy.Statement).toEqual([
      { Effect: 'Allow', Action: ['oss:PutObject', 'oss:GetObject'], Resource: ['acs:oss:*:*:my-bucket/uploads/*'] },
      {
        Effect: 'Allow',
        Action: ['viapi-ocr:RecognizeBankCard', 'viapi-imageseg:SegmentCommonImage', 'yundun-greenweb:TextModerationPlus'],
        Resource: ['*'],
      },
      PASS_ROLE,
    ])
    const temp = buildRamPolicies({
      bucket: 'my-bucket',
      keyPrefix: 'uploads/',
      roleArn,
      imageUrlRoute: 'viapi-temp-bucket',
    }).rolePermissionPolicy
    expect(temp.Statement[0].Action).toEqual(['oss:PutObject'])
    expect(temp.Statement).toContainEqual({ Effect: 'Allow', Action: ['viapi:GetOssStsToken'], Resource: ['*'] })
  })

  it('role permission policy: IMM face detection on the configured project only', () => {
    const { rolePermissionPolicy } = buildRamPolicies({
      bucket: 'b-1',
      keyPrefix: 'u',
      roleArn,
      immProject: 'faces',
      region: 'cn-shanghai',
    })
    expect(rolePermissionPolicy.Statement[2]).toEqual({
      Effect: 'Allow',
      Action: ['imm:DetectImageFaces'],
      Resource: ['acs:imm:cn-shanghai:1234567890123456:project/faces'],
    })
  })

  it('trust policy names the account root, or the RAM user when given', () => {
    expect(buildRamPolicies({ bucket: 'b-1', keyPrefix: 'u', roleArn }).roleTrustPolicy).toEqual({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: ['acs:ram::1234567890123456:root'] } }],
    })
    expect(
      buildRamPolicies({ bucket: 'b-1', keyPrefix: 'u', roleArn, ramUserName: 'viapi-backend' }).roleTrustPolicy.Statement[0].Principal.RAM,
    ).toEqual(['acs:ram::1234567890123456:user/viapi-backend'])
  })

  it('caller policy allows AssumeRole on this role only', () => {
    expect(buildRamPolicies({ bucket: 'b-1', keyPrefix: 'u', roleArn }).callerPolicy.Statement).toEqual([
      { Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: [roleArn] },
    ])
  })

  it('rejects a malformed role ARN', () => {
    expect(() => parseRoleArn('arn:aws:iam::1:role/x')).toThrow(/acs:ram::/)
    expect(parseRoleArn(roleArn)).toEqual({ accountId: '1234567890123456', roleName: 'viapi-kit-uploader' })
  })
})

describe('bucketHost', () => {
  it('is the bound domain when one is set, else the endpoint host', () => {
    expect(bucketHost({ endpoint: 'https://oss-cn-shanghai.aliyuncs.com', bucket: 'b-1', bucketDomain: 'https://img.example.com/' })).toBe(
      'https://img.example.com',
    )
    expect(bucketHost({ endpoint: 'https://oss-cn-shanghai.aliyuncs.com', bucket: 'b-1' })).toBe('https://b-1.oss-cn-shanghai.aliyuncs.com')
  })

  it('OSS_BUCKET_DOMAIN must be an https origin in cloud mode', () => {
    const cloud = { LOG_LEVEL: 'silent', APP_MODE: 'cloud' }
    expect(() => loadConfig({ ...cloud, OSS_BUCKET_DOMAIN: 'http://img.example.com' })).toThrow(/OSS_BUCKET_DOMAIN: must use https/)
    expect(() => loadConfig({ ...cloud, OSS_BUCKET_DOMAIN: 'https://img.example.com/photos' })).toThrow(
      /OSS_BUCKET_DOMAIN: give only the domain's origin/,
    )
    expect(() => loadConfig({ LOG_LEVEL: 'silent', VIAPI_IMAGE_URL_ROUTE: 'public' })).toThrow(/VIAPI_IMAGE_URL_ROUTE/)
  })
})

describe('ossHost', () => {
  it('path-style for IPs and localhost, virtual-hosted otherwise', () => {
    expect(ossHost('http://127.0.0.1:9100/oss', 'b-1')).toBe('http://127.0.0.1:9100/oss/b-1')
    expect(ossHost('http://localhost:9100/oss/', 'b-1')).toBe('http://localhost:9100/oss/b-1')
    expect(ossHost('http://[::1]:9100/oss', 'b-1')).toBe('http://[::1]:9100/oss/b-1')
    expect(ossHost('https://oss-cn-shanghai.aliyuncs.com', 'b-1')).toBe('https://b-1.oss-cn-shanghai.aliyuncs.com')
  })
})

describe('deriveUserId', () => {
  const SAFE = /^[A-Za-z0-9_-]{2,32}$/
  it('keeps short safe ids readable and namespaced per platform', () => {
    expect(deriveUserId('weapp', 'oAbC-123_xyz')).toBe('wx_oAbC-123_xyz')
    expect(deriveUserId('alipay', '2088102150477652')).toBe('ali_2088102150477652')
    expect(deriveUserId('dd', 'manager4508')).toBe('dd_manager4508')
    expect(deriveUserId('h5', 'alice')).toBe('h5_alice')
    expect(deriveUserId('weapp', 'same')).not.toBe(deriveUserId('dd', 'same'))
  })

  it('hashes ids that are too long or unsafe, deterministically, within 32 chars', () => {
    const long = '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5'
    for (const [plat, raw] of [
      ['alipay', long],
      ['dd', '张三'],
      ['h5', '../../etc'],
      ['weapp', 'a/b'],
      ['dd', 'x'.repeat(30)],
    ] as const) {
      const id = deriveUserId(plat, raw)
      expect(id).toMatch(SAFE)
      expect(id.length).toBeLessThanOrEqual(32)
      expect(id).toBe(deriveUserId(plat, raw))
    }
    expect(deriveUserId('alipay', long)).toMatch(/^ali-[A-Za-z0-9_-]{28}$/)
    expect(deriveUserId('alipay', long)).not.toBe(deriveUserId('alipay', long + 'x'))
  })

  it('a raw id can never equal a hashed id (different separator)', () => {
    const hashed = deriveUserId('weapp', 'x'.repeat(40))
    expect(hashed.startsWith('wx-')).toBe(true)
    expect(deriveUserId('weapp', hashed.slice(3))).toBe(`wx_${hashed.slice(3)}`)
  })

  it('refuses an empty id', () => {
    expect(() => deriveUserId('weapp', '')).toThrow()
  })
})

describe('operations are the single source of the granted actions', () => {
  const roleArn = 'acs:ram::1234567890123456:role/viapi-kit-uploader'

  it('every operation the kit calls from the phone is allowed by the session policy and the role policy', () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', IMM_PROJECT: 'faces' })
    const session = userSessionPolicy(config, 'wx_alice').Statement.flatMap((st) => st.Action)
    const role = buildRamPolicies({ bucket: 'b-1', keyPrefix: 'u', roleArn, immProject: 'faces' }).rolePermissionPolicy.Statement.flatMap(
      (st) => st.Action,
    )
    expect(CLIENT_OPERATIONS.length).toBeGreaterThanOrEqual(4)
    for (const op of CLIENT_OPERATIONS) {
      expect(session).toContain(op.ramAction)
      expect(role).toContain(op.ramAction)
    }
    // Nothing beyond the upload, the signed URL's read, those operations and viapi's PassRole.
    expect(new Set(session)).toEqual(
      new Set(['oss:PutObject', 'oss:GetObject', ...CLIENT_OPERATIONS.map((o) => o.ramAction), 'ram:PassRole']),
    )
  })

  it('a new operation is granted by declaring it: account-wide on *, IMM-scoped on the project only', () => {
    const ops = [{ ramAction: 'viapi-ocr:RecognizeIdentityCard' }, { ramAction: 'imm:DetectImageBodies', ramScope: 'imm-project' as const }]
    expect(operationStatements({ accountId: '1', region: 'cn-shanghai', immProject: 'p' }, ops)).toEqual([
      { Effect: 'Allow', Action: ['viapi-ocr:RecognizeIdentityCard'], Resource: ['*'] },
      { Effect: 'Allow', Action: ['imm:DetectImageBodies'], Resource: ['acs:imm:cn-shanghai:1:project/p'] },
    ])
    // No project configured: no IMM grant at all.
    expect(operationStatements({ accountId: '1', region: 'cn-shanghai' }, ops)).toHaveLength(1)
  })
})
