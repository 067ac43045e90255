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

/**
 * Each platform's login call: the options object it documents (success/fail are added below) and
 * the one field read from `success`. WX_LOGIN and MY_LOGIN are checked against
 * miniprogram-api-typings and @mini-types/my by typecheck/platform-typings.check.ts.
 */
export const WX_LOGIN = {
  // https://developers.weixin.qq.com/miniprogram/dev/api/open-api/login/wx.login.html
  login: { options: () => ({}), read: (res: { code?: string }) => res.code },
}
export const MY_LOGIN = {
  // https://opendocs.alipay.com/mini/api/openapi-authorize: `auth_base` is the silent scope.
  getAuthCode: { options: () => ({ scopes: 'auth_base' }), read: (res: { authCode?: string }) => res.authCode },
}
/** No official typings: unchecked. The legacy mini-program page calls it without `corpId`. */
const DD_LOGIN = {
  getAuthCode: {
    options: (corpId?: string): Record<string, unknown> => (corpId ? { corpId } : {}),
    read: (res: { authCode?: string; code?: string }) => res.authCode ?? res.code,
  },
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
    /** `success`: the table's reader, then `done`. */
    const answer = <R>(read: (res: R) => unknown) => (res: R) => done(read(res))
    if (platform === 'weapp') {
      if (!api.login) return reject(new KitError('LoginUnavailable', 'WeChat has no login API here'))
      api.login({ ...WX_LOGIN.login.options(), success: answer(WX_LOGIN.login.read), fail })
      return
    }
    if (!api.getAuthCode) return reject(new KitError('LoginUnavailable', `${platform}.getAuthCode is missing`))
    if (platform === 'alipay') {
      api.getAuthCode({ ...MY_LOGIN.getAuthCode.options(), success: answer(MY_LOGIN.getAuthCode.read), fail })
      return
    }
    api.getAuthCode({ ...DD_LOGIN.getAuthCode.options(options.corpId), success: answer(DD_LOGIN.getAuthCode.read), fail })
  })
}
