import type { LoginConfig } from '../login/provider-config'
import type { ImageUrlRoute } from '../../src/lib/credentials'

export type AppMode = 'emulator' | 'cloud'

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
  login: LoginConfig
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
