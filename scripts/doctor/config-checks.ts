import { ConfigError, loadConfig, type AppConfig } from '../../server/config'
import { allowList, origin, publicBackendUrl } from '../cli/allow-list'
import { DOCS } from './fixes'
import { ok, type CheckResult } from './types'

type Env = Record<string, string | undefined>

/** `<bucket>.oss-<region>.aliyuncs.com`: OSS's default public endpoint for a bucket. */
const DEFAULT_OSS_HOST = /^https?:\/\/[a-z0-9-]+\.oss-[a-z0-9-]+\.aliyuncs\.com(:\d+)?$/

/** Config shape: the backend's own loader, one FAIL per problem it lists. */
export function checkConfigShape(env: Env): { config?: AppConfig; checks: CheckResult[] } {
  try {
    const config = loadConfig(env)
    const summary = `configuration loads: APP_MODE=${config.mode}, bucket ${config.oss.bucket} (${config.oss.region}), role ${config.sts.roleArn}`
    return { config, checks: [ok('config', summary)] }
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    return {
      checks: err.problems.map((problem) => ({
        id: 'config',
        status: 'fail' as const,
        code: 'ConfigError',
        summary: problem,
        fix: 'Fix the variable in .env (every variable is described in .env.example and docs/configuration.md).',
      })),
    }
  }
}

/** Where uploads go as the allow-lists name it (the same host /api/sts hands out). */
export function uploadOrigin(config: AppConfig, env: Env): string {
  return allowList(config, env).uploadFile[0]
}

/**
 * Cloud-mode sanity beyond the loader's rules: hosts a console would refuse, the default OSS
 * endpoint that new accounts may not use, the region and image-URL route the vision APIs need.
 */
export function checkCloudSanity(config: AppConfig, env: Env): CheckResult[] {
  if (config.mode !== 'cloud') {
    return [
      ok(
        'cloud',
        `APP_MODE=emulator: the live steps run against the emulator at ${config.emulatorUrl} (set APP_MODE=cloud to check a real account)`,
      ),
    ]
  }
  const guessedBackend = env.TARO_APP_BACKEND_URL?.trim() ? undefined : origin(publicBackendUrl(config, env))
  const checks = [
    guessedBackend && checkBackendUrl(guessedBackend),
    checkHosts(config, env, guessedBackend),
    checkUploadHost(config, uploadOrigin(config, env)),
    checkRegion(config),
    checkRoute(config),
    checkAccessKey(config),
  ]
  return checks.filter((c): c is CheckResult => Boolean(c))
}

/** The backend's public URL is a build variable; without it the allow-list guesses this machine's HOST:PORT. */
function checkBackendUrl(guessed: string): CheckResult {
  return {
    id: 'cloud.backend-url',
    status: 'warn',
    summary: `TARO_APP_BACKEND_URL is not set: the host checks cannot know the backend's public URL (it would be ${guessed})`,
    fix: 'Set TARO_APP_BACKEND_URL=https://<your backend> (what the builds bake in) when running the doctor.',
  }
}

/** Hosts a console refuses (allow-list warnings), apart from a guessed backend host. */
function checkHosts(config: AppConfig, env: Env, guessedBackend: string | undefined): CheckResult {
  const warnings = allowList(config, env).warnings.filter((w) => !guessedBackend || !w.startsWith(`${guessedBackend}:`))
  if (warnings.length === 0) return ok('cloud.hosts', 'every host the app calls is an HTTPS domain name')
  return {
    id: 'cloud.hosts',
    status: 'warn',
    summary: warnings.join('; '),
    fix: 'Give the backend an HTTPS domain (TARO_APP_BACKEND_URL) and use the cloud endpoints: consoles refuse http, IPs and localhost.',
  }
}

/** The vision APIs read images from OSS in Shanghai (e.g. SegmentCommonImage's ImageURL, 151960). */
function checkRegion(config: AppConfig): CheckResult | undefined {
  if (config.oss.region === 'cn-shanghai' || config.oss.tempBucket) return undefined
  return {
    id: 'cloud.region',
    status: 'warn',
    summary: `OSS_REGION=${config.oss.region}: the vision APIs read images from OSS in Shanghai only`,
    fix: 'Use a bucket in cn-shanghai, or VIAPI_IMAGE_URL_ROUTE=viapi-temp-bucket.',
    docs: 'https://help.aliyun.com/document_detail/151960.htm',
  }
}

/** plain-url relies on same-account read, which no vendor page confirms (docs/real-cloud.md#image-url-routes). */
function checkRoute(config: AppConfig): CheckResult {
  const route = config.oss.imageUrlRoute
  if (route !== 'plain-url') return ok('cloud.image-url-route', `VIAPI_IMAGE_URL_ROUTE=${route}`)
  return {
    id: 'cloud.image-url-route',
    status: 'warn',
    summary:
      "VIAPI_IMAGE_URL_ROUTE=plain-url: the vision APIs get the private object's plain URL, " +
      'which they read only if same-account read holds (not confirmed on a live account)',
    fix: 'The RecognizeBankCard step tests it; if the API cannot read the image, use signed-url (the default).',
  }
}

function checkAccessKey(config: AppConfig): CheckResult | undefined {
  if (config.sts.accessKeyId) return undefined
  return {
    id: 'cloud.access-key',
    status: 'warn',
    summary: "no ALIBABA_CLOUD_ACCESS_KEY_ID: AssumeRole uses the SDK's default credential chain (profile, ECS RAM role …)",
    fix: "Fine on ECS / Function Compute with a RAM role; elsewhere set the RAM user's AccessKey.",
  }
}

/**
 * New accounts may not call OSS data APIs at the default public endpoint of their buckets
 * (0048-00000401). The temp-bucket route uploads to Alibaba Cloud's own bucket instead.
 */
function checkUploadHost(config: AppConfig, host: string): CheckResult {
  if (config.oss.tempBucket)
    return ok(
      'cloud.oss-host',
      `uploads go to viapi's temporary bucket ${host} (VIAPI_IMAGE_URL_ROUTE=viapi-temp-bucket), not to ${config.oss.bucket}`,
    )
  if (config.oss.bucketDomain) return ok('cloud.oss-host', `uploads go to the bucket's bound domain ${host} (OSS_BUCKET_DOMAIN)`)
  if (!DEFAULT_OSS_HOST.test(host)) return ok('cloud.oss-host', `uploads go to ${host}`)
  return {
    id: 'cloud.oss-host',
    status: 'warn',
    code: 'PublicEndpointForbidden',
    summary:
      `uploads go to OSS's default public endpoint ${host}: ` +
      'accounts that activated OSS on or after 2025-03-20 get 400 PublicEndpointForbidden there (buckets in the Chinese mainland)',
    fix: 'Bind a custom domain to the bucket (HTTPS certificate + CNAME) and set OSS_BUCKET_DOMAIN=https://<that domain>; older accounts may keep the default host.',
    docs: DOCS.publicEndpointForbidden,
  }
}
