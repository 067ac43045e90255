// Which of a bucket's hosts a request came through, and whether the account may use it.
import type { EmulatorState } from '../state'
import { ossErrors } from './errors'

/** `default`: `<bucket>.oss-cn-shanghai.aliyuncs.com` (here `/oss/<bucket>`); `bound`: its custom domain (`/bound/<bucket>`). */
export type OssEndpointKind = 'default' | 'bound'

/**
 * Accounts that activated OSS on or after 2025-03-20 may not call data APIs through a mainland
 * bucket's default public endpoint (EC 0048-00000401,
 * https://www.alibabacloud.com/help/en/oss/user-guide/0048-00000401). The viapi temporary bucket is
 * Alibaba Cloud's own, so the rule is the vendor's account's, not the user's.
 */
export function checkEndpointAllowed(state: EmulatorState, bucket: string, endpoint: OssEndpointKind): void {
  if (endpoint === 'default' && state.options.newAccount && bucket !== state.options.viapiTempBucket) {
    throw ossErrors.publicEndpointForbidden()
  }
}

/** The base URL of a bucket's objects through the given host kind. */
export function bucketBaseUrl(state: EmulatorState, bucket: string, endpoint: OssEndpointKind): string {
  return `${state.baseUrl}/${endpoint === 'default' ? 'oss' : 'bound'}/${bucket}`
}
