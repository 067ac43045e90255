import type { AlipayVerification } from '../login/alipay-verification'
import type { ImageUrlRoute } from '../../src/lib'

export type AppMode = 'emulator' | 'cloud'

export interface WechatLoginConfig {
  appId: string
  appSecret: string
  /** `https://api.weixin.qq.com` or the emulator. */
  apiBase: string
}
export type { AlipayVerification } from '../login/alipay-verification'
export interface AlipayLoginConfig {
  appId: string
  /** The app private key, PEM (PKCS#1 or PKCS#8). */
  privateKeyPem: string
  /** `https://openapi.alipay.com/gateway.do` or the emulator's `/gateway.do`. */
  gateway: string
  /** How the backend verifies the signature on Alipay's answers (key mode, certificate mode, or the emulator's key); answers that do not verify are refused. */
  verification: AlipayVerification
}
export interface DingtalkLoginConfig {
  appKey: string
  appSecret: string
  /** `https://oapi.dingtalk.com` or the emulator. */
  apiBase: string
}

/** The backend's whole configuration, as `loadConfig` reads it from env. */
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
  oss: {
    bucket: string
    region: string
    endpoint: string
    /** The bucket's bound custom domain (OSS_BUCKET_DOMAIN): the upload host and object URLs when set. */
    bucketDomain?: string
    /** How the vision APIs read an uploaded photo (VIAPI_IMAGE_URL_ROUTE). @default 'signed-url' */
    imageUrlRoute: ImageUrlRoute
    /** Where the viapi-temp-bucket route uploads, and the GetOssStsToken endpoint; set only on that route. */
    tempBucket?: { bucket: string; host: string; viapiutilsEndpoint: string }
    keyPrefix: string
    maxBytes: number
  }
  /**
   * Product → endpoint, one for the product of every operation in CLIENT_OPERATIONS (`ocr`,
   * `imageseg`, `moderation`, `imm` today): `<PRODUCT>_ENDPOINT`, else the emulator, or in cloud mode
   * the operation's `cloudEndpoint`. /api/sts hands out all of them.
   */
  endpoints: Readonly<Record<string, string>>
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
  /** Bearer token that opens `GET /metrics`; unset = no /metrics route at all. */
  metricsToken?: string
  /** On SIGTERM: seconds /readyz answers 503 (load balancers stop sending) before the server closes. */
  drainSeconds: number
}
