import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  cloudEndpoints,
  ConfigError,
  EMULATOR_DEFAULTS,
  enabledPlatforms,
  endpointVariable,
  loadConfig,
  loadDotEnv,
} from '../../server/config'
import { CLIENT_OPERATIONS } from '../../src/lib'

const STRONG = 'q8Zr1x-Vn3LkT0pW7sYbC4mHdJ9eFgA2uRiO5tE6wQy'
const cloudEnv = {
  APP_MODE: 'cloud',
  SESSION_SECRET: STRONG,
  ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1111222233334444:role/uploader',
  OSS_BUCKET: 'prod-bucket',
}

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  return []
}

describe('config: emulator mode (defaults)', () => {
  const c = loadConfig({})

  it('points everything at the emulator', () => {
    expect(c.mode).toBe('emulator')
    expect(c.port).toBe(8787)
    expect(c.host).toBe('127.0.0.1')
    expect(c.sts.endpoint).toBe('http://127.0.0.1:9100')
    expect(c.oss.endpoint).toBe('http://127.0.0.1:9100/oss')
    expect(c.endpoints).toEqual({
      ocr: 'http://127.0.0.1:9100',
      imageseg: 'http://127.0.0.1:9100',
      moderation: 'http://127.0.0.1:9100',
      imm: 'http://127.0.0.1:9100',
    })
    expect(c.login.h5).toBe('dev')
    expect(c.login.h5SessionUrl).toBe('http://127.0.0.1:9100/h5/session')
    expect(c.login.wechat?.apiBase).toBe('http://127.0.0.1:9100')
    expect(c.corsOrigins).toEqual(['http://127.0.0.1:10086', 'http://localhost:10086'])
    expect(c.oss).toMatchObject({ bucket: 'viapi-kit-dev', region: 'cn-shanghai', keyPrefix: 'uploads', maxBytes: 3145728 })
    expect(c.sts.durationSeconds).toBe(900)
    expect(c.session.ttlSeconds).toBe(7200)
  })

  it('uses the emulator dev root key and role, never an LTAI key', () => {
    expect(c.sts.accessKeyId).toBe(EMULATOR_DEFAULTS.rootAccessKeyId)
    expect(c.sts.accessKeySecret).toBe(EMULATOR_DEFAULTS.rootAccessKeySecret)
    expect(c.sts.accessKeyId?.startsWith('LTAI')).toBe(false)
    expect(c.sts.roleArn).toBe('acs:ram::1234567890123456:role/viapi-kit-uploader')
    expect(loadConfig({ EMULATOR_ROOT_ACCESS_KEY_ID: 'id2', EMULATOR_ROOT_ACCESS_KEY_SECRET: 's2' }).sts).toMatchObject({
      accessKeyId: 'id2',
      accessKeySecret: 's2',
    })
  })

  it('makes a random ≥32-char session secret per process', () => {
    const other = loadConfig({})
    expect(c.session.secret.length).toBeGreaterThanOrEqual(32)
    expect(other.session.secret).not.toBe(c.session.secret)
  })

  it('moves every emulator default with EMULATOR_URL', () => {
    const m = loadConfig({ EMULATOR_URL: 'http://127.0.0.1:9200/' })
    expect(m.sts.endpoint).toBe('http://127.0.0.1:9200')
    expect(m.oss.endpoint).toBe('http://127.0.0.1:9200/oss')
    expect(m.login.alipay?.gateway ?? 'http://127.0.0.1:9200/gateway.do').toBe('http://127.0.0.1:9200/gateway.do')
  })

  it('enables the platforms whose credentials exist', () => {
    expect(enabledPlatforms(c)).toEqual(expect.arrayContaining(['weapp', 'dd', 'h5']))
  })
})

describe('config: cloud mode', () => {
  it('defaults to the real Shanghai endpoints and h5 login off', () => {
    const c = loadConfig(cloudEnv)
    expect(c.sts.endpoint).toBe('https://sts.cn-shanghai.aliyuncs.com')
    expect(c.oss.endpoint).toBe('https://oss-cn-shanghai.aliyuncs.com')
    expect(c.endpoints.ocr).toBe('https://ocr.cn-shanghai.aliyuncs.com')
    expect(c.endpoints.imageseg).toBe('https://imageseg.cn-shanghai.aliyuncs.com')
    expect(c.login.h5).toBe('off')
    expect(c.login.wechat).toBeUndefined()
    expect(c.corsOrigins).toEqual([])
    // No key configured → the SDK's default credential chain.
    expect(c.sts.accessKeyId).toBeUndefined()
    expect(c.session.secret).toBe(STRONG)
  })

  it('refuses to start without SESSION_SECRET or with a weak one', () => {
    const { SESSION_SECRET: _, ...noSecret } = cloudEnv
    expect(problems(noSecret).join()).toMatch(/SESSION_SECRET: required/)
    expect(problems({ ...cloudEnv, SESSION_SECRET: 'short' }).join()).toMatch(/SESSION_SECRET/)
    expect(problems({ ...cloudEnv, SESSION_SECRET: 'a'.repeat(40) }).join()).toMatch(/SESSION_SECRET/)
    expect(problems({ ...cloudEnv, SESSION_SECRET: 'change-me-change-me-change-me-123456' }).join()).toMatch(/SESSION_SECRET/)
  })

  it('refuses plain-HTTP endpoints, naming each variable', () => {
    const p = problems({
      ...cloudEnv,
      STS_ENDPOINT: 'http://sts.example.com',
      OSS_ENDPOINT: 'http://oss.example.com',
      WECHAT_API_BASE: 'http://x.example.com',
    })
    expect(p.join('\n')).toMatch(/STS_ENDPOINT: must use https/)
    expect(p.join('\n')).toMatch(/OSS_ENDPOINT: must use https/)
    expect(p.join('\n')).toMatch(/WECHAT_API_BASE: must use https/)
  })

  it('requires a role ARN, forbids h5 dev login and half-set credentials', () => {
    const { ALIBABA_CLOUD_ROLE_ARN: _, ...noRole } = cloudEnv
    expect(problems(noRole).join()).toMatch(/ALIBABA_CLOUD_ROLE_ARN: required/)
    expect(problems({ ...cloudEnv, H5_LOGIN: 'dev' }).join()).toMatch(/H5_LOGIN/)
    expect(problems({ ...cloudEnv, ALIBABA_CLOUD_ACCESS_KEY_ID: 'id-only' }).join()).toMatch(/set both or neither/)
    expect(problems({ ...cloudEnv, WECHAT_APP_ID: 'wx1' }).join()).toMatch(/WECHAT_APP_ID \/ WECHAT_APP_SECRET/)
  })

  it('accepts an Alipay PEM with \\n escapes and never echoes a bad one', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    // Cloud mode also needs a way to verify Alipay's answers (more in alipay-login.test.ts).
    const ALIPAY_PUBLIC_KEY = publicKey.export({ type: 'spki', format: 'pem' }).toString()
    const c = loadConfig({ ...cloudEnv, ALIPAY_APP_ID: '2021', ALIPAY_PRIVATE_KEY: pem.replace(/\n/g, '\\n'), ALIPAY_PUBLIC_KEY })
    expect(c.login.alipay?.privateKeyPem).toBe(pem)
    expect(c.login.alipay?.gateway).toBe('https://openapi.alipay.com/gateway.do')
    const p = problems({ ...cloudEnv, ALIPAY_APP_ID: '2021', ALIPAY_PRIVATE_KEY: 'TOPSECRETVALUE' }).join()
    expect(p).toMatch(/ALIPAY_PRIVATE_KEY/)
    expect(p).not.toContain('TOPSECRETVALUE')
  })
})

describe('config: one endpoint per product, from the operations', () => {
  it('has exactly the products of CLIENT_OPERATIONS, each at its declared cloud endpoint in cloud mode', () => {
    const c = loadConfig(cloudEnv)
    expect(Object.keys(c.endpoints)).toEqual([...new Set(CLIENT_OPERATIONS.map((o) => o.product))])
    for (const op of CLIENT_OPERATIONS) expect(c.endpoints[op.product]).toBe(op.cloudEndpoint)
    expect(c.endpoints).toEqual({
      ocr: 'https://ocr.cn-shanghai.aliyuncs.com',
      imageseg: 'https://imageseg.cn-shanghai.aliyuncs.com',
      moderation: 'https://green-cip.cn-shanghai.aliyuncs.com',
      imm: 'https://imm.cn-shanghai.aliyuncs.com',
    })
  })

  it('reads <PRODUCT>_ENDPOINT for each (the four names docs/configuration.md documents), with the same checks as every endpoint', () => {
    expect(['ocr', 'imageseg', 'moderation', 'imm'].map(endpointVariable)).toEqual([
      'OCR_ENDPOINT',
      'IMAGESEG_ENDPOINT',
      'MODERATION_ENDPOINT',
      'IMM_ENDPOINT',
    ])
    expect(endpointVariable('face-body')).toBe('FACE_BODY_ENDPOINT')
    const c = loadConfig({ ...cloudEnv, OCR_ENDPOINT: 'https://ocr.vpc.example.com/', IMM_ENDPOINT: 'https://imm.vpc.example.com' })
    expect(c.endpoints).toMatchObject({
      ocr: 'https://ocr.vpc.example.com',
      imm: 'https://imm.vpc.example.com',
      imageseg: 'https://imageseg.cn-shanghai.aliyuncs.com',
    })
    const p = problems({
      ...cloudEnv,
      OCR_ENDPOINT: 'http://ocr.example.com',
      IMAGESEG_ENDPOINT: 'not a url',
      MODERATION_ENDPOINT: 'ftp://x',
      IMM_ENDPOINT: 'http://imm.example.com',
    })
    expect(p).toEqual([
      'OCR_ENDPOINT: must use https:// when APP_MODE=cloud (got "http://ocr.example.com")',
      'IMAGESEG_ENDPOINT: "not a url" is not an absolute URL; set e.g. IMAGESEG_ENDPOINT=https://…',
      'MODERATION_ENDPOINT: must be an http(s) URL, got "ftp://x"',
      'IMM_ENDPOINT: must use https:// when APP_MODE=cloud (got "http://imm.example.com")',
    ])
  })

  it('moves every product with EMULATOR_URL in emulator mode', () => {
    const m = loadConfig({ EMULATOR_URL: 'http://127.0.0.1:9200/' })
    expect(new Set(Object.values(m.endpoints))).toEqual(new Set(['http://127.0.0.1:9200']))
  })

  it('refuses declarations where two operations of one product name different endpoints', () => {
    const ops = [
      { product: 'ocr', action: 'RecognizeBankCard', cloudEndpoint: 'https://ocr.cn-shanghai.aliyuncs.com' },
      { product: 'ocr', action: 'RecognizeIdentityCard', cloudEndpoint: 'https://ocr.cn-shanghai.aliyuncs.com' },
      { product: 'facebody', action: 'DetectFace', cloudEndpoint: 'https://facebody.cn-shanghai.aliyuncs.com' },
    ]
    expect(cloudEndpoints(ops)).toEqual({
      ocr: 'https://ocr.cn-shanghai.aliyuncs.com',
      facebody: 'https://facebody.cn-shanghai.aliyuncs.com',
    })
    expect(() =>
      cloudEndpoints([...ops, { product: 'ocr', action: 'RecognizeVINCode', cloudEndpoint: 'https://ocr.cn-beijing.aliyuncs.com' }]),
    ).toThrow(/RecognizeBankCard and RecognizeVINCode are both "ocr"/)
  })
})

describe('config: validation', () => {
  it.each([
    ['APP_MODE', 'prod', /APP_MODE/],
    ['PORT', 'eighty', /PORT: .* integer from 0 to 65535/],
    ['STS_DURATION_SECONDS', '600', /STS_DURATION_SECONDS: .*900 to 3600/],
    ['STS_DURATION_SECONDS', '3601', /STS_DURATION_SECONDS/],
    ['STS_ENDPOINT', 'not a url', /STS_ENDPOINT: .*absolute URL/],
    ['STS_ENDPOINT', 'http://127.0.0.1:9100/sts', /STS_ENDPOINT: must be a bare origin/],
    ['OSS_ENDPOINT', 'ftp://x', /OSS_ENDPOINT: must be an http/],
    ['OSS_BUCKET', 'Bad_Bucket', /OSS_BUCKET/],
    ['OSS_KEY_PREFIX', 'a/../b c', /OSS_KEY_PREFIX/],
    ['ALIBABA_CLOUD_ROLE_ARN', 'role/x', /ALIBABA_CLOUD_ROLE_ARN: .*not a role ARN/],
    ['CORS_ORIGINS', 'http://ok.example.com,*', /CORS_ORIGINS: "\*"/],
    ['CORS_ORIGINS', 'http://a.example.com/path', /CORS_ORIGINS/],
    ['H5_LOGIN', 'maybe', /H5_LOGIN/],
    ['RATE_LIMIT_PER_MINUTE', '0', /RATE_LIMIT_PER_MINUTE/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
  ])('%s=%s is rejected with a message naming the variable', (name, value, re) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError)
    expect(problems({ [name]: value }).join('\n')).toMatch(re)
  })

  it('collects every problem at once', () => {
    expect(problems({ PORT: 'x', OSS_BUCKET: 'X', APP_MODE: 'nope' }).length).toBe(3)
  })

  it('reads valid overrides', () => {
    const c = loadConfig({
      PORT: '9000',
      STS_DURATION_SECONDS: '3600',
      OSS_KEY_PREFIX: '/a/b/',
      CORS_ORIGINS: 'https://a.example.com, https://b.example.com',
    })
    expect(c.port).toBe(9000)
    expect(c.sts.durationSeconds).toBe(3600)
    expect(c.oss.keyPrefix).toBe('a/b')
    expect(c.corsOrigins).toEqual(['https://a.example.com', 'https://b.example.com'])
  })

  it('loadDotEnv loads a file without overriding variables already set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'viapi-env-'))
    const file = join(dir, '.env')
    writeFileSync(file, 'VIAPI_TEST_DOTENV_A=from-file\nVIAPI_TEST_DOTENV_B=from-file\n')
    process.env.VIAPI_TEST_DOTENV_B = 'from-env'
    try {
      expect(loadDotEnv(file)).toBe(true)
      expect(process.env.VIAPI_TEST_DOTENV_A).toBe('from-file')
      expect(process.env.VIAPI_TEST_DOTENV_B).toBe('from-env')
      expect(loadDotEnv(join(dir, 'missing.env'))).toBe(false)
    } finally {
      delete process.env.VIAPI_TEST_DOTENV_A
      delete process.env.VIAPI_TEST_DOTENV_B
    }
  })
})
