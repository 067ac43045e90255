import { KitError } from '../base/errors'
import { textOf } from '../base/text'
import type { PlatformProfile } from './profile'

/** The slice of `wx` / `my` / `dd` the login uses. */
export interface LoginApi {
  login?: (options: Record<string, unknown>) => void
  getAuthCode?: (options: Record<string, unknown>) => void
}

/**
 * The platform's one-time login code, which the backend exchanges for a user id:
 * WeChat `wx.login` → `{code}`; Alipay `my.getAuthCode({scopes: 'auth_base'})` → `{authCode}`;
 * DingTalk `dd.getAuthCode({corpId})` → `{authCode}` (newer versions also `code`). The call and the
 * field read are the profile's `login` entry.
 */
export function getLoginCode(api: LoginApi, profile: PlatformProfile, options: { corpId?: string } = {}): Promise<string> {
  const { name: platform, login } = profile
  return new Promise((resolve, reject) => {
    const fail = (res: Record<string, unknown>) =>
      reject(
        new KitError('LoginFailed', `${platform} login failed: ${textOf(res?.errMsg ?? res?.errorMessage ?? res?.error) || 'unknown'}`, {
          hint: 'Check the network and that the mini program is logged in, then try again.',
          recovery: 'backoff',
        }),
      )
    const success = (res: Record<string, unknown>) => {
      const code = login.read(res ?? {})
      if (typeof code === 'string' && code) resolve(code)
      else reject(new KitError('LoginFailed', `${platform} login answered without a code`, { recovery: 'backoff' }))
    }
    const fn = api[login.api]
    if (!fn) return reject(new KitError('LoginUnavailable', `${platform}.${login.api} is missing`))
    fn.call(api, { ...login.options(options.corpId), success, fail })
  })
}
