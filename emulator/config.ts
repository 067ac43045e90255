// Options of the emulator and their defaults. Everything has a default so `startEmulator()` works
// with no arguments; the defaults are dev-only values that can never be mistaken for real keys
// (real Alibaba Cloud AccessKey ids start with `LTAI`, ours never do).
import type { PolicyDocument } from './policy'

export interface BucketOptions {
  /** Allow anonymous GetObject (real OSS buckets are private by default). */
  publicRead?: boolean
  /** Objects older than this are dropped (the viapi temp bucket keeps objects one day). */
  objectTtlMs?: number
}

export interface EmulatorOptions {
  host: string
  /** 0 = pick a free port. */
  port: number
  rootAccessKeyId: string
  rootAccessKeySecret: string
  accountId: string
  /** The only RoleArn AssumeRole accepts. */
  roleArn: string
  /** Role's MaxSessionDuration in seconds (DurationSeconds upper bound). */
  roleMaxSessionDuration: number
  /** What the role itself may do; a session policy can only narrow it. */
  rolePolicy: PolicyDocument
  buckets: Record<string, BucketOptions>
  /** Bucket used by viapiutils GetOssStsToken. */
  viapiTempBucket: string
  region: string
  /** Hard cap of one PostObject body. */
  maxUploadBytes: number
  /** viapi limit on the input image. */
  maxImageBytes: number
  /** Lifetime of SegmentCommonImage result URLs. */
  resultTtlMs: number
  /** Lifetime of credentials minted by GetOssStsToken. */
  viapiTempTokenSeconds: number
  wechatAppId: string
  wechatAppSecret: string
  dingtalkAppKey: string
  dingtalkAppSecret: string
  alipayAppId: string
  /** PEM of the backend's app public key. When absent a dev key pair is generated at start. */
  alipayAppPublicKeyPem?: string
  /** Injectable clock (ms since epoch). Clock skew from fault injection is added on top. */
  now: () => number
  /**
   * Play an account that activated OSS on or after 2025-03-20: data requests through the default
   * public endpoint (`/oss/<bucket>`) answer 400 PublicEndpointForbidden, only the bound domain
   * (`/bound/<bucket>`) serves. https://www.alibabacloud.com/help/en/oss/user-guide/0048-00000401
   * @default false (EMULATOR_NEW_ACCOUNT=1)
   */
  newAccount: boolean
  /**
   * Let the vision APIs read a private object from its plain URL. No vendor page says they can
   * (docs/real-cloud.md#image-url-routes), so the default refuses it. @default false (EMULATOR_SAME_ACCOUNT_READ=1)
   */
  sameAccountRead: boolean
  /** Structured log sink; default stdout, silent under vitest. */
  log?: (line: string) => void
  quiet: boolean
}

export const DEV_ROOT_ACCESS_KEY_ID = 'emulator-root-id'
// Fixed so a backend `.env` for local development can be written once. Dev-only.
export const DEV_ROOT_ACCESS_KEY_SECRET = 'emulator-root-secret-not-for-production'
export const DEV_ACCOUNT_ID = '1234567890123456'

export function defaultRolePolicy(): PolicyDocument {
  return {
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: ['oss:PutObject', 'oss:GetObject'], Resource: ['acs:oss:*:*:*'] },
      { Effect: 'Allow', Action: ['viapi-ocr:*', 'viapi-imageseg:*', 'viapi:*'], Resource: ['*'] },
      // Content moderation (green-cip) and IMM, for the operations beyond bank-card OCR and segmentation.
      { Effect: 'Allow', Action: ['yundun-greenweb:TextModerationPlus', 'imm:DetectImageFaces'], Resource: ['*'] },
    ],
  }
}

export function resolveOptions(partial: Partial<EmulatorOptions> = {}): EmulatorOptions {
  const env = process.env
  const accountId = partial.accountId ?? DEV_ACCOUNT_ID
  const rootAccessKeyId = partial.rootAccessKeyId ?? env.EMULATOR_ROOT_ACCESS_KEY_ID ?? DEV_ROOT_ACCESS_KEY_ID
  if (rootAccessKeyId.startsWith('LTAI')) {
    // Guard against pasting a real key into the emulator: it would then be logged/compared locally.
    throw new Error('emulator root AccessKey id must not look like a real Alibaba Cloud key (LTAI…)')
  }
  const viapiTempBucket = partial.viapiTempBucket ?? 'viapi-customer-temp'
  const buckets: Record<string, BucketOptions> = { ...(partial.buckets ?? { 'viapi-kit-dev': {} }) }
  if (!buckets[viapiTempBucket]) buckets[viapiTempBucket] = { objectTtlMs: 24 * 3600 * 1000 }
  return {
    host: partial.host ?? '127.0.0.1',
    port: partial.port ?? 0,
    rootAccessKeyId,
    rootAccessKeySecret: partial.rootAccessKeySecret ?? env.EMULATOR_ROOT_ACCESS_KEY_SECRET ?? DEV_ROOT_ACCESS_KEY_SECRET,
    accountId,
    roleArn: partial.roleArn ?? `acs:ram::${accountId}:role/viapi-kit-uploader`,
    roleMaxSessionDuration: partial.roleMaxSessionDuration ?? 3600,
    rolePolicy: partial.rolePolicy ?? defaultRolePolicy(),
    buckets,
    viapiTempBucket,
    region: partial.region ?? 'cn-shanghai',
    maxUploadBytes: partial.maxUploadBytes ?? 20 * 1024 * 1024,
    maxImageBytes: partial.maxImageBytes ?? 3 * 1024 * 1024,
    resultTtlMs: partial.resultTtlMs ?? 30 * 60 * 1000,
    viapiTempTokenSeconds: partial.viapiTempTokenSeconds ?? 3600,
    wechatAppId: partial.wechatAppId ?? env.WECHAT_APPID ?? 'wx00emulator0appid',
    wechatAppSecret: partial.wechatAppSecret ?? env.WECHAT_SECRET ?? 'emulator-wechat-secret',
    dingtalkAppKey: partial.dingtalkAppKey ?? env.DINGTALK_APPKEY ?? 'dingemulatorappkey',
    dingtalkAppSecret: partial.dingtalkAppSecret ?? env.DINGTALK_APPSECRET ?? 'emulator-dingtalk-secret',
    alipayAppId: partial.alipayAppId ?? env.ALIPAY_APP_ID ?? '2021000000000001',
    alipayAppPublicKeyPem: partial.alipayAppPublicKeyPem,
    newAccount: partial.newAccount ?? env.EMULATOR_NEW_ACCOUNT === '1',
    sameAccountRead: partial.sameAccountRead ?? env.EMULATOR_SAME_ACCOUNT_READ === '1',
    now: partial.now ?? (() => Date.now()),
    log: partial.log,
    quiet: partial.quiet ?? Boolean(env.VITEST),
  }
}
