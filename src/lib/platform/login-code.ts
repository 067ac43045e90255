import { KitError } from '../errors'

/**
 * The platform's one-time login code, which the backend exchanges for a user id:
 * WeChat `wx.login` → `{code}`; Alipay `my.getAuthCode({scopes: 'auth_base'})` → `{authCode}`;
 * DingTalk `dd.getAuthCode({corpId})` → `{authCode}` (newer versions also `code`).
 */
export interface LoginApi {
  login?: (options: Record<string, unknown>) => void
  getAuthCode?: (options: Record<string, unknown>) => void
}

export function getLoginCode(api: LoginApi, platform: 'weapp' | 'alipay' | 'dd', options: { corpId?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const fail = (res: Record<string, unknown>) =>
      reject(
        new KitError('LoginFailed', `${platform} login failed: ${String(res?.errMsg ?? res?.errorMessage ?? res?.error ?? 'unknown')}`, {
          hint: 'Check the network and that the mini program is logged in, then try again.',
          retryable: true,
        }),
      )
    const done = (code: unknown) =>
      typeof code === 'string' && code ? resolve(code) : reject(new KitError('LoginFailed', `${platform} login answered without a code`, { retryable: true }))
    if (platform === 'weapp') {
      if (!api.login) return reject(new KitError('LoginUnavailable', 'WeChat has no login API here'))
      api.login({ success: (r: { code?: string }) => done(r.code), fail })
      return
    }
    if (!api.getAuthCode) return reject(new KitError('LoginUnavailable', `${platform}.getAuthCode is missing`))
    const request = platform === 'alipay' ? { scopes: 'auth_base' } : options.corpId ? { corpId: options.corpId } : {}
    api.getAuthCode({ ...request, success: (r: { authCode?: string; code?: string }) => done(r.authCode ?? r.code), fail })
  })
}
