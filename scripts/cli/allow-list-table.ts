import { randomBytes } from 'node:crypto'
import type { AppConfig } from '../../server/config'
import { EMULATOR_DEFAULTS, loadConfig } from '../../server/config'
import { CLIENT_OPERATIONS, type Operation } from '../../src/lib/operations'
import { APP_OPERATIONS, KIT_CALLS } from '../../src/services/app-operations'
import { allowList, allowListsByPlatform, operationEndpoints, origin, publicBackendUrl, type PlatformAllowList } from './allow-list'

type Env = Record<string, string | undefined>

/** What the table reads of an operation: what the allow-list reads, and its name for the optional-method line. */
type TableOperation = Pick<Operation<never, unknown>, 'product' | 'action' | 'regionFallback'>

/** Stand-ins docs/platforms.md shows as "your backend" and `<bucket>`: valid values no real deployment uses. */
const BACKEND_STAND_IN = 'https://backend.invalid'
const BUCKET_STAND_IN = 'readme-bucket-stand-in'

/**
 * The backend's cloud-mode configuration with nothing set but what cloud mode requires: every
 * endpoint is its default (each operation's `cloudEndpoint`, OSS in Shanghai). The backend URL
 * and bucket are stand-ins the table prints as placeholders; the session secret is random (the
 * allow-list does not read it, cloud mode only refuses to start without a strong one).
 */
export function defaultCloudConfig(): { config: AppConfig; env: Env } {
  const env: Env = {
    APP_MODE: 'cloud',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    ALIBABA_CLOUD_ROLE_ARN: EMULATOR_DEFAULTS.roleArn,
    OSS_BUCKET: BUCKET_STAND_IN,
    TARO_APP_BACKEND_URL: BACKEND_STAND_IN,
  }
  return { config: loadConfig(env), env }
}

const code = (s: string): string => `\`${s}\``

/** `https://green-cip.cn-beijing.aliyuncs.com` → `Beijing`; a host outside a `cn-` region is named as it is. */
function regionName(host: string): string {
  const region = new URL(host).hostname.match(/\.cn-([a-z]+)(?:-\d+)?\.aliyuncs\.com$/)?.[1]
  return region ? region[0].toUpperCase() + region.slice(1) : code(host)
}

/**
 * `moderation falls back to Beijing` for every operation that declares a `regionFallback`: the
 * regions after its configured endpoint, which the phone calls when the first one fails.
 */
function fallbackNotes(config: AppConfig, operations: ReadonlyArray<TableOperation>): string[] {
  const notes = new Map<string, string>()
  for (const op of operations) {
    if (!op.regionFallback || notes.has(op.product)) continue
    const [configured] = operationEndpoints(config, { product: op.product }).map(origin)
    const others = [...new Set(operationEndpoints(config, op).map(origin))].filter((h) => h !== configured)
    if (others.length > 0) notes.set(op.product, `${op.product} falls back to ${others.map(regionName).join(', ')}`)
  }
  return [...notes.values()]
}

/** Where each console keeps its allow-list, as `npm run domains` prints it: `| WeChat (mp.weixin.qq.com) | 开发管理 → … |`. */
function consoleTable(lists: PlatformAllowList[]): string[] {
  const rows = lists.map((l) => {
    const [site, ...place] = l.console.split(' → ')
    return `| ${l.name} (${site}) | ${place.join(' → ')} |`
  })
  return ['| console | where |', '| --- | --- |', ...rows]
}

export interface AllowListTableOptions {
  /** The operations the app calls. @default APP_OPERATIONS */
  operations?: ReadonlyArray<TableOperation>
  /** @default defaultCloudConfig() */
  cloud?: { config: AppConfig; env: Env }
  /** Operations an app may add through a call that names no operation. @default KIT_CALLS */
  kitCalls?: Readonly<Record<string, { call: string; action: string }>>
  /** Where the optional methods' operations are looked up by action. @default CLIENT_OPERATIONS */
  declared?: ReadonlyArray<TableOperation>
}

/**
 * The allow-list table of docs/platforms.md for the default app against the real cloud: `allowList` on the
 * backend's cloud-mode defaults, the backend shown as "your backend" and the bucket as `<bucket>`,
 * a note per region fallback; then one line per kit method the app does not call whose operation
 * would add hosts (`kit.detectImageFaces` → IMM); then where each console keeps the list.
 */
export function renderAllowListTable(options: AllowListTableOptions = {}): string {
  const { operations = APP_OPERATIONS, cloud = defaultCloudConfig(), kitCalls = KIT_CALLS, declared = CLIENT_OPERATIONS } = options
  const { config, env } = cloud
  const backend = origin(publicBackendUrl(config, env))
  const bucketHost = `//${config.oss.bucket}.`
  const show = (host: string): string => (host === backend ? 'your backend' : code(host.replace(bucketHost, '//<bucket>.')))

  const list = allowList(config, env, operations)
  const notes = fallbackNotes(config, operations)
  const request = list.request.map(show).join(', ') + (notes.length > 0 ? ` (${notes.join('; ')})` : '')
  const lines = [
    '| list | hosts |',
    '| --- | --- |',
    `| request (wx \`request合法域名\`; my/dd one list) | ${request} |`,
    `| uploadFile | ${list.uploadFile.map(show).join(', ')} |`,
    `| downloadFile (saving cut-outs) | ${list.downloadFile.map(show).join(', ')} |`,
  ]

  const called = new Set(operations.map((o) => o.action))
  const extra: string[] = []
  for (const { call, action } of Object.values(kitCalls)) {
    const op = declared.find((o) => o.action === action)
    if (called.has(action) || !op) continue
    const added = allowList(config, env, [...operations, op]).request.filter((h) => !list.request.includes(h))
    if (added.length > 0) extra.push(`An app that also calls \`${call}\` adds ${added.map(show).join(', ')}.`)
  }
  const consoles = consoleTable(allowListsByPlatform(config, env, operations))
  return [...lines, ...(extra.length > 0 ? ['', ...extra] : []), '', ...consoles].join('\n')
}
