import { createPrivateKey, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readAlipayVerification } from '../login/alipay-verification'
import type { AlipayVerification } from '../login/alipay-verification'
import { resolve } from 'node:path'

// One typed config for the backend, read from env (and `.env`). Defaults point at the local
// emulator so `npm start` works without an account; `APP_MODE=cloud` turns the defaults off and
// refuses to start on anything that would be unsafe in production (plain HTTP, weak secret).

export type AppMode = 'emulator' | 'cloud'

export interface WechatLoginConfig { appId: string; appSecret: string; apiBase: string }
export type { AlipayVerification } from '../login/alipay-verification'
export interface AlipayLoginConfig {
  appId: string
  privateKeyPem: string
  gateway: string
  /** How the backend verifies the signature on Alipay's answers (key mode, certificate mode, or the emulator's key). */
  verification: AlipayVerification
}
export interface DingtalkLoginConfig { appKey: string; appSecret: string; apiBase: string }

export interface AppConfig {
  mode: AppMode
  host: string
  port: number
  logLevel: string
  /** Honour X-Forwarded-For (only behind a proxy you control): per-IP limits need the real IP. */
  trustProxy: boolean
  emulatorUrl: string
  sts: {
    endpoint: string
    regionId: string
    /** Undefined → the SDK's default credential chain (env, profile, ECS RAM role …). */
    accessKeyId?: string
    accessKeySecret?: string
    roleArn: string
    durationSeconds: number
  }
  oss: { bucket: string; region: string; endpoint: string; keyPrefix: string; maxBytes: number }
  endpoints: { ocr: string; imageseg: string; moderation: string; imm: string }
  /** IMM project users may run DetectImageFaces in (IMM_PROJECT); unset = no IMM in the session policy. */
  immProject?: string
  session: { secret: string; ttlSeconds: number }
  corsOrigins: string[]
  login: {
    wechat?: WechatLoginConfig
    alipay?: AlipayLoginConfig
    dingtalk?: DingtalkLoginConfig
    /** `dev`: h5 codes are redeemed at `<emulator>/h5/session`; `off`: h5 login refused. */
    h5: 'dev' | 'off'
    h5SessionUrl: string
  }
  rateLimit: { perIpPerMinute: number; stsPerUserPerMinute: number }
  /** `redis[s]://…`: share the credential cache, login-code claims and rate limits between instances. */
  redisUrl?: string
  /** Per-user STS credential cache; `STS_CACHE=off` exists for the load benchmark only. */
  stsCache: boolean
}

export class ConfigError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`Invalid backend configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

/** Loads `.env` into process.env if present (Node's own loader; never overrides set variables). */
export function loadDotEnv(path = resolve(process.cwd(), '.env')): boolean {
  if (!existsSync(path)) return false
  process.loadEnvFile(path)
  return true
}

/** Emulator dev defaults (the same values as emulator/config.ts) — not secrets, they only open the local emulator. */
export const EMULATOR_DEFAULTS = {
  url: 'http://127.0.0.1:9100',
  rootAccessKeyId: 'emulator-root-id',
  rootAccessKeySecret: 'emulator-root-secret-not-for-production',
  roleArn: 'acs:ram::1234567890123456:role/viapi-kit-uploader',
  wechatAppId: 'wx00emulator0appid',
  wechatAppSecret: 'emulator-wechat-secret',
  alipayAppId: '2021000000000001',
  dingtalkAppKey: 'dingemulatorappkey',
  dingtalkAppSecret: 'emulator-dingtalk-secret',
  corsOrigins: ['http://127.0.0.1:10086', 'http://localhost:10086'],
} as const

export const REAL_ENDPOINTS = {
  sts: 'https://sts.cn-shanghai.aliyuncs.com',
  oss: 'https://oss-cn-shanghai.aliyuncs.com',
  ocr: 'https://ocr.cn-shanghai.aliyuncs.com',
  imageseg: 'https://imageseg.cn-shanghai.aliyuncs.com',
  moderation: 'https://green-cip.cn-shanghai.aliyuncs.com',
  imm: 'https://imm.cn-shanghai.aliyuncs.com',
  wechat: 'https://api.weixin.qq.com',
  alipay: 'https://openapi.alipay.com/gateway.do',
  dingtalk: 'https://oapi.dingtalk.com',
} as const

/** RecognizeBankCard accepts images up to 3 MB; the client enforces it before uploading. */
export const UPLOAD_MAX_BYTES = 3 * 1024 * 1024

type Env = Record<string, string | undefined>

/** Reads and validates env. Pure apart from the random emulator session secret and Alipay certificate files (ALIPAY_*_CERT paths). */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = []
  const get = (name: string): string | undefined => {
    const v = env[name]
    return v === undefined || v.trim() === '' ? undefined : v.trim()
  }

  const modeRaw = get('APP_MODE') ?? 'emulator'
  if (modeRaw !== 'emulator' && modeRaw !== 'cloud') {
    problems.push(`APP_MODE: "${modeRaw}" is not valid; set APP_MODE=emulator (local) or APP_MODE=cloud`)
  }
  const mode: AppMode = modeRaw === 'cloud' ? 'cloud' : 'emulator'
  const cloud = mode === 'cloud'

  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = get(name)
    if (raw === undefined) return def
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name}: "${raw}" is not valid; set an integer from ${min} to ${max} (default ${def})`)
      return def
    }
    return Number(raw)
  }

  // Only used in emulator mode (defaults, h5 dev login), so it is exempt from the HTTPS rule.
  const emulatorUrl = url('EMULATOR_URL', get('EMULATOR_URL') ?? EMULATOR_DEFAULTS.url, false)

  // An endpoint: in emulator mode defaults to the emulator, in cloud mode to the real service,
  // and in cloud mode it must be HTTPS (credentials and tokens travel over it).
  function url(name: string, value: string, httpsInCloud = true): string {
    let parsed: URL
    try {
      parsed = new URL(value)
    } catch {
      problems.push(`${name}: "${value}" is not an absolute URL; set e.g. ${name}=https://…`)
      return value
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      problems.push(`${name}: must be an http(s) URL, got "${value}"`)
    } else if (cloud && httpsInCloud && parsed.protocol !== 'https:') {
      problems.push(`${name}: must use https:// when APP_MODE=cloud (got "${value}")`)
    }
    return value.replace(/\/+$/, '')
  }
  const endpoint = (name: string, emulatorDefault: string, realDefault: string): string =>
    url(name, get(name) ?? (cloud ? realDefault : emulatorDefault))

  const stsEndpoint = endpoint('STS_ENDPOINT', emulatorUrl, REAL_ENDPOINTS.sts)
  try {
    if (!['', '/'].includes(new URL(stsEndpoint).pathname)) {
      problems.push(`STS_ENDPOINT: must be a bare origin without a path (got "${stsEndpoint}")`)
    }
  } catch { /* already reported */ }

  // Access key: explicit pair, or (cloud) the SDK's default chain. In emulator mode default to the
  // emulator's dev root key so a real key is never needed (nor sent) locally.
  let accessKeyId = get('ALIBABA_CLOUD_ACCESS_KEY_ID')
  let accessKeySecret = get('ALIBABA_CLOUD_ACCESS_KEY_SECRET')
  if (!cloud && accessKeyId === undefined && accessKeySecret === undefined) {
    accessKeyId = get('EMULATOR_ROOT_ACCESS_KEY_ID') ?? EMULATOR_DEFAULTS.rootAccessKeyId
    accessKeySecret = get('EMULATOR_ROOT_ACCESS_KEY_SECRET') ?? EMULATOR_DEFAULTS.rootAccessKeySecret
  }
  if ((accessKeyId === undefined) !== (accessKeySecret === undefined)) {
    problems.push('ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET: set both or neither')
  }

  const roleArn = get('ALIBABA_CLOUD_ROLE_ARN') ?? (cloud ? undefined : EMULATOR_DEFAULTS.roleArn)
  if (roleArn === undefined) {
    problems.push('ALIBABA_CLOUD_ROLE_ARN: required when APP_MODE=cloud; set it to acs:ram::<accountId>:role/<name> (see `npm run ram-policy`)')
  } else if (!/^acs:ram::\d+:role\/[A-Za-z0-9.@_-]+$/.test(roleArn)) {
    problems.push(`ALIBABA_CLOUD_ROLE_ARN: "${roleArn}" is not a role ARN; expected acs:ram::<accountId>:role/<name>`)
  }

  const bucket = get('OSS_BUCKET') ?? 'viapi-kit-dev'
  if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)) {
    problems.push(`OSS_BUCKET: "${bucket}" is not a valid bucket name (3–63 of a-z 0-9 -)`)
  }
  const region = get('OSS_REGION') ?? 'cn-shanghai'
  if (!/^[a-z]+-[a-z0-9-]+$/.test(region)) problems.push(`OSS_REGION: "${region}" is not a region id like cn-shanghai`)
  const keyPrefix = (get('OSS_KEY_PREFIX') ?? 'uploads').replace(/^\/+|\/+$/g, '')
  if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(keyPrefix)) {
    problems.push(`OSS_KEY_PREFIX: "${keyPrefix}" must be path segments of [A-Za-z0-9._-], e.g. uploads`)
  }

  const sessionSecretRaw = get('SESSION_SECRET')
  let sessionSecret: string
  if (sessionSecretRaw !== undefined) {
    sessionSecret = sessionSecretRaw
    if (sessionSecret.length < 32 || new Set(sessionSecret).size < 8 || /change[-_ ]?me|example/i.test(sessionSecret)) {
      problems.push('SESSION_SECRET: too weak; set at least 32 random characters, e.g. `node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64url\'))"`')
    }
  } else if (cloud) {
    sessionSecret = ''
    problems.push('SESSION_SECRET: required when APP_MODE=cloud; set at least 32 random characters')
  } else {
    // Emulator: a fresh secret per process; sessions simply do not survive a restart.
    sessionSecret = randomBytes(32).toString('base64url')
  }

  const corsRaw = get('CORS_ORIGINS')
  const corsOrigins = corsRaw !== undefined
    ? corsRaw.split(',').map((o) => o.trim()).filter(Boolean)
    : cloud ? [] : [...EMULATOR_DEFAULTS.corsOrigins]
  for (const origin of corsOrigins) {
    let ok = false
    try {
      const u = new URL(origin)
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === origin
    } catch { /* reported below */ }
    if (!ok) problems.push(`CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com (no path, no trailing slash, no *)`)
  }

  // Login providers. A provider is enabled when its credentials are set (emulator: defaulted).
  const pair = (idName: string, secretName: string, idDefault: string, secretDefault: string) => {
    const id = get(idName) ?? (cloud ? undefined : idDefault)
    const secret = get(secretName) ?? (cloud ? undefined : secretDefault)
    if ((id === undefined) !== (secret === undefined)) problems.push(`${idName} / ${secretName}: set both or neither`)
    return id !== undefined && secret !== undefined ? { id, secret } : undefined
  }
  const wx = pair('WECHAT_APP_ID', 'WECHAT_APP_SECRET', EMULATOR_DEFAULTS.wechatAppId, EMULATOR_DEFAULTS.wechatAppSecret)
  const dd = pair('DINGTALK_APP_KEY', 'DINGTALK_APP_SECRET', EMULATOR_DEFAULTS.dingtalkAppKey, EMULATOR_DEFAULTS.dingtalkAppSecret)

  const alipayAppId = get('ALIPAY_APP_ID') ?? (cloud ? undefined : EMULATOR_DEFAULTS.alipayAppId)
  // .env files cannot hold multi-line values portably: accept `\n` escapes in the PEM.
  const alipayKey = get('ALIPAY_PRIVATE_KEY')?.replace(/\\n/g, '\n')
  if (alipayKey !== undefined) {
    try {
      if (createPrivateKey(alipayKey).asymmetricKeyType !== 'rsa') throw new Error('not RSA')
    } catch {
      // Never echo the value: it is a private key.
      problems.push('ALIPAY_PRIVATE_KEY: not a readable RSA private key; paste the PEM (PKCS#1 or PKCS#8), newlines as \\n')
    }
  }
  if (cloud && (get('ALIPAY_APP_ID') === undefined) !== (alipayKey === undefined)) {
    problems.push('ALIPAY_APP_ID / ALIPAY_PRIVATE_KEY: set both or neither')
  }
  const alipayVerification = readAlipayVerification(get, {
    cloud,
    enabled: alipayAppId !== undefined && alipayKey !== undefined,
    emulatorInfoUrl: `${emulatorUrl}/__admin/info`,
    problems,
  })

  const h5Raw = get('H5_LOGIN') ?? (cloud ? 'off' : 'dev')
  if (h5Raw !== 'dev' && h5Raw !== 'off') problems.push(`H5_LOGIN: "${h5Raw}" is not valid; set dev or off`)
  if (cloud && h5Raw === 'dev') problems.push('H5_LOGIN: dev login is only for the emulator; set H5_LOGIN=off when APP_MODE=cloud')

  const wechatBase = endpoint('WECHAT_API_BASE', emulatorUrl, REAL_ENDPOINTS.wechat)
  const alipayGateway = endpoint('ALIPAY_GATEWAY', `${emulatorUrl}/gateway.do`, REAL_ENDPOINTS.alipay)
  const dingtalkBase = endpoint('DINGTALK_API_BASE', emulatorUrl, REAL_ENDPOINTS.dingtalk)

  const logLevel = get('LOG_LEVEL') ?? 'info'
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL: "${logLevel}" is not valid; set one of fatal, error, warn, info, debug, trace, silent`)
  }
  const trustProxyRaw = get('TRUST_PROXY') ?? 'false'
  if (trustProxyRaw !== 'true' && trustProxyRaw !== 'false') problems.push('TRUST_PROXY: set true or false')

  // Scale-out store. The URL may carry a password: problems name the variable, never echo it.
  const redisUrl = get('REDIS_URL')
  if (redisUrl !== undefined) {
    let ok = false
    try { ok = ['redis:', 'rediss:'].includes(new URL(redisUrl).protocol) } catch { /* reported below */ }
    if (!ok) problems.push('REDIS_URL: not a redis:// or rediss:// URL (e.g. redis://:password@10.0.0.5:6379/0)')
  }
  // IMM authorizes per project; the emulator accepts any well-formed name, so it gets a default.
  const immProject = get('IMM_PROJECT') ?? (cloud ? undefined : 'viapi-kit')
  if (immProject !== undefined && !/^[A-Za-z][A-Za-z0-9_-]{0,127}$/.test(immProject)) {
    problems.push(`IMM_PROJECT: "${immProject}" is not a project name (a letter, then letters, digits, _ or -)`)
  }
  const stsCacheRaw = get('STS_CACHE') ?? 'on'
  if (stsCacheRaw !== 'on' && stsCacheRaw !== 'off') problems.push(`STS_CACHE: "${stsCacheRaw}" is not valid; set on or off`)
  if (cloud && stsCacheRaw === 'off') problems.push('STS_CACHE: off is a benchmark switch for the emulator; remove it when APP_MODE=cloud')

  const config: AppConfig = {
    mode,
    host: get('HOST') ?? '127.0.0.1',
    port: int('PORT', 8787, 0, 65535),
    logLevel,
    trustProxy: trustProxyRaw === 'true',
    emulatorUrl,
    sts: {
      endpoint: stsEndpoint,
      regionId: region,
      accessKeyId,
      accessKeySecret,
      roleArn: roleArn ?? '',
      durationSeconds: int('STS_DURATION_SECONDS', 900, 900, 3600),
    },
    oss: {
      bucket,
      region,
      endpoint: endpoint('OSS_ENDPOINT', `${emulatorUrl}/oss`, REAL_ENDPOINTS.oss),
      keyPrefix,
      maxBytes: UPLOAD_MAX_BYTES,
    },
    endpoints: {
      ocr: endpoint('OCR_ENDPOINT', emulatorUrl, REAL_ENDPOINTS.ocr),
      imageseg: endpoint('IMAGESEG_ENDPOINT', emulatorUrl, REAL_ENDPOINTS.imageseg),
      moderation: endpoint('MODERATION_ENDPOINT', emulatorUrl, REAL_ENDPOINTS.moderation),
      imm: endpoint('IMM_ENDPOINT', emulatorUrl, REAL_ENDPOINTS.imm),
    },
    session: { secret: sessionSecret, ttlSeconds: int('SESSION_TTL_SECONDS', 7200, 60, 30 * 24 * 3600) },
    corsOrigins,
    login: {
      wechat: wx && { appId: wx.id, appSecret: wx.secret, apiBase: wechatBase },
      alipay: alipayAppId !== undefined && alipayKey !== undefined && alipayVerification !== undefined
        ? { appId: alipayAppId, privateKeyPem: alipayKey, gateway: alipayGateway, verification: alipayVerification }
        : undefined,
      dingtalk: dd && { appKey: dd.id, appSecret: dd.secret, apiBase: dingtalkBase },
      h5: h5Raw === 'dev' ? 'dev' : 'off',
      h5SessionUrl: `${emulatorUrl}/h5/session`,
    },
    rateLimit: {
      perIpPerMinute: int('RATE_LIMIT_PER_MINUTE', 120, 1, 1_000_000),
      stsPerUserPerMinute: int('STS_RATE_LIMIT_PER_MINUTE', 20, 1, 1_000_000),
    },
    redisUrl,
    stsCache: stsCacheRaw !== 'off',
    immProject,
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return config
}

/** Which login platforms this config can serve (for the startup line and /healthz-free checks). */
export function enabledPlatforms(config: AppConfig): string[] {
  const out: string[] = []
  if (config.login.wechat) out.push('weapp')
  if (config.login.alipay) out.push('alipay')
  if (config.login.dingtalk) out.push('dd')
  if (config.login.h5 === 'dev') out.push('h5')
  return out
}
