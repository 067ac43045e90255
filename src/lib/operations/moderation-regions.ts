import { NetworkError, ServiceError } from '../base/errors'

/**
 * green-cip (Content Moderation 2022-03-02) public endpoints by region. The service answers the
 * same API in each; if the nearest region has an outage, the next one can take the text.
 */
export const MODERATION_ENDPOINTS: Readonly<Record<string, string>> = {
  'cn-shanghai': 'https://green-cip.cn-shanghai.aliyuncs.com',
  'cn-beijing': 'https://green-cip.cn-beijing.aliyuncs.com',
  'cn-hangzhou': 'https://green-cip.cn-hangzhou.aliyuncs.com',
  'cn-shenzhen': 'https://green-cip.cn-shenzhen.aliyuncs.com',
}

/** Default order: Shanghai first (next to the bucket), then Beijing. */
export const DEFAULT_MODERATION_REGIONS = ['cn-shanghai', 'cn-beijing'] as const

/**
 * The endpoints to try in order: the backend's `endpoints.moderation` first, then the table's
 * other regions — but only when the backend's endpoint is itself a green-cip host (an emulator or
 * a private gateway has no siblings in other regions).
 */
export function moderationEndpointsFor(primary: string | undefined, regions: readonly string[] = DEFAULT_MODERATION_REGIONS): string[] {
  const table = regions.map((r) => MODERATION_ENDPOINTS[r]).filter((e): e is string => Boolean(e))
  if (!primary) return table
  const clean = primary.replace(/\/+$/, '')
  if (!/^https:\/\/green-cip\.[a-z0-9-]+\.aliyuncs\.com$/.test(clean)) return [clean]
  return [clean, ...table.filter((e) => e !== clean)]
}

/** A region outage, not a problem with the request: the next region may answer. */
export function isRegionFailure(err: unknown): boolean {
  if (err instanceof NetworkError) return err.failure !== 'aborted'
  return err instanceof ServiceError && err.status >= 500
}

/** Runs `attempt` against each endpoint in turn until one answers without a region failure. */
export async function withRegionFallback<T>(endpoints: readonly string[], attempt: (endpoint: string) => Promise<T>): Promise<T> {
  if (endpoints.length === 0) throw new NetworkError('failed', 'POST', '(no moderation endpoint)')
  let last: unknown
  for (const endpoint of endpoints) {
    try {
      return await attempt(endpoint)
    } catch (err) {
      if (!isRegionFailure(err)) throw err
      last = err
    }
  }
  throw last
}
