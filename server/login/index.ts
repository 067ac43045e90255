import type { Clock } from '../base/clock'
import type { Platform } from './user-id'
import { createAlipayVerifier } from './alipay'
import { createDingtalkVerifier } from './dingtalk'
import { createH5DevVerifier } from './h5-dev'
import { createWechatVerifier } from './wechat'
import type { LoginConfig } from './provider-config'
import type { FetchFn, LoginVerifier } from './types'

export type LoginVerifiers = Partial<Record<Platform, LoginVerifier>>

/** The real verifiers for every platform the config enables; disabled platforms are absent. */
export function createLoginVerifiers(
  config: { login: LoginConfig },
  options: { clock: Clock; fetch?: FetchFn; timeoutMs?: number },
): LoginVerifiers {
  const http = { fetch: options.fetch, timeoutMs: options.timeoutMs }
  const { wechat, alipay, dingtalk } = config.login
  const out: LoginVerifiers = {}
  if (wechat) out.weapp = createWechatVerifier({ ...http, ...wechat })
  if (alipay) {
    out.alipay = createAlipayVerifier({ ...http, ...alipay, clock: options.clock })
  }
  if (dingtalk) out.dd = createDingtalkVerifier({ ...http, ...dingtalk, clock: options.clock })
  if (config.login.h5 === 'dev') out.h5 = createH5DevVerifier({ ...http, sessionUrl: config.login.h5SessionUrl })
  return out
}
