import { isIP } from 'node:net'
import type { AppConfig } from '../../server/config'
import { bucketHost } from '../../server/config/oss-host'
import type { Operation } from '../../src/lib'
import { APP_OPERATIONS } from '../../src/services/app-operations'

type Env = Record<string, string | undefined>

/** Where SegmentCommonImage (Shanghai) puts its temporary result PNGs: `Data.ImageURL`'s host. */
export const REAL_SEGMENT_RESULT_HOSTS = ['https://viapi-cn-shanghai-dha-segmenter.oss-cn-shanghai.aliyuncs.com'] as const

export interface AllowList {
  /** wx.request / my.request / dd.httpRequest: our backend and the endpoint of every operation the app calls. */
  request: string[]
  /** uploadFile: the OSS bucket host (PostObject). */
  uploadFile: string[]
  /** downloadFile: where the segmentation cut-out is downloaded from (saving it to the album). */
  downloadFile: string[]
  /** Hosts a production console will refuse (plain HTTP, IP addresses). */
  warnings: string[]
}

export interface PlatformAllowList extends AllowList {
  platform: 'weapp' | 'alipay' | 'dd'
  name: string
  /** Where the lists go in that platform's console. */
  console: string
}

/** `scheme://host[:port]` of a URL. */
export const origin = (url: string): string => new URL(url).origin
const unique = (xs: string[]): string[] => [...new Set(xs)]

/**
 * The backend URL the app is built with: TARO_APP_BACKEND_URL (the variable the builds bake in,
 * src/services/config.ts), else HOST:PORT of this config.
 */
export function publicBackendUrl(config: AppConfig, env: Env): string {
  if (env.TARO_APP_BACKEND_URL) return env.TARO_APP_BACKEND_URL
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host
  return `${config.mode === 'cloud' ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${config.port}`
}

/** What the allow-list reads of an operation. */
type AllowListOperation = Pick<Operation<never, unknown>, 'product' | 'regionFallback'>

/**
 * The endpoints one operation is called at, as the kit picks them: its product's configured
 * endpoint; for an operation that declares a `regionFallback` (content moderation) also its other
 * regions, which the phone calls directly when the first region fails.
 */
export function operationEndpoints(config: AppConfig, { product, regionFallback }: AllowListOperation): string[] {
  const endpoint = (config.endpoints as Record<string, string>)[product]
  if (!endpoint) throw new Error(`allow-list: the backend configuration has no endpoint for "${product}"`)
  return regionFallback ? regionFallback.endpoints(endpoint) : [endpoint]
}

/**
 * Every host the app calls, by allow-list, computed from the backend's own configuration and the
 * operations the app runs (APP_OPERATIONS; pass others for an app of your own).
 */
export function allowList(config: AppConfig, env: Env = {}, operations: ReadonlyArray<AllowListOperation> = APP_OPERATIONS): AllowList {
  const resultHosts = env.SEGMENT_RESULT_HOSTS
    ? env.SEGMENT_RESULT_HOSTS.split(',')
        .map((h) => h.trim())
        .filter(Boolean)
    : config.mode === 'cloud'
      ? [...REAL_SEGMENT_RESULT_HOSTS]
      : [config.emulatorUrl]
  // The viapi-temp-bucket route calls GetOssStsToken and uploads to Alibaba Cloud's temporary bucket instead.
  const temp = config.oss.tempBucket
  const list = {
    request: unique(
      [
        publicBackendUrl(config, env),
        ...operations.flatMap((op) => operationEndpoints(config, op)),
        ...(temp ? [temp.viapiutilsEndpoint] : []),
      ].map(origin),
    ),
    uploadFile: [origin(temp ? temp.host : bucketHost(config.oss))],
    downloadFile: unique(resultHosts.map(origin)),
  }
  const warnings: string[] = []
  for (const host of unique([...list.request, ...list.uploadFile, ...list.downloadFile])) {
    const u = new URL(host)
    if (u.protocol !== 'https:') warnings.push(`${host}: consoles accept https only (fine in DevTools with domain checks off)`)
    else if (isIP(u.hostname.replace(/^\[|\]$/g, '')) !== 0 || u.hostname === 'localhost')
      warnings.push(`${host}: consoles accept domain names only, not IPs or localhost`)
  }
  return { ...list, warnings }
}

/**
 * The same hosts for each mini-program platform, with where they go in its console: the place the
 * app's own error names when a host is missing (each profile's `allowListPlace`), checked by
 * test/cli/domains.test.ts.
 */
export function allowListsByPlatform(
  config: AppConfig,
  env: Env = {},
  operations?: ReadonlyArray<AllowListOperation>,
): PlatformAllowList[] {
  const list = allowList(config, env, operations)
  return [
    {
      platform: 'weapp',
      name: 'WeChat',
      console: 'mp.weixin.qq.com → 开发管理 → 开发设置 → 服务器域名 (request / uploadFile / downloadFile 合法域名)',
      ...list,
    },
    {
      platform: 'alipay',
      name: 'Alipay',
      console: 'open.alipay.com → 小程序 → 开发设置 → 服务器域名白名单 (one list: add every host listed)',
      ...list,
    },
    {
      platform: 'dd',
      name: 'DingTalk',
      // The app → 开发配置 → 安全设置, "安全域名" area: HTTP 可信域名, the list httpRequest's hosts must be on
      // (https://open.dingtalk.com/document/dingstart/configure-secure-domain-name, updated 2026-06-30).
      console: 'open-dev.dingtalk.com → 应用 → 开发配置 → 安全设置 → HTTP 可信域名 (one list: add every host listed)',
      ...list,
    },
  ]
}
