import { readAlipayLogin } from './alipay'
import { EMULATOR_DEFAULTS, REAL_ENDPOINTS } from './defaults'
import type { ConfigReader } from './reader'
import type { AppConfig } from './types'

/** Login providers. A provider is enabled when its credentials are set (emulator: defaulted). */
export function readLogin(r: ConfigReader, emulatorUrl: string): AppConfig['login'] {
  const d = EMULATOR_DEFAULTS
  const wx = appCredentials(r, 'WECHAT_APP_ID', 'WECHAT_APP_SECRET', d.wechatAppId, d.wechatAppSecret)
  const dd = appCredentials(r, 'DINGTALK_APP_KEY', 'DINGTALK_APP_SECRET', d.dingtalkAppKey, d.dingtalkAppSecret)
  const alipay = readAlipayLogin(r, emulatorUrl)
  const h5 = r.oneOf('H5_LOGIN', ['dev', 'off'], r.cloud ? 'off' : 'dev')
  if (r.cloud && h5 === 'dev') r.problem('H5_LOGIN: dev login is only for the emulator; set H5_LOGIN=off when APP_MODE=cloud')
  const wechatBase = r.endpoint('WECHAT_API_BASE', emulatorUrl, REAL_ENDPOINTS.wechat)
  const dingtalkBase = r.endpoint('DINGTALK_API_BASE', emulatorUrl, REAL_ENDPOINTS.dingtalk)
  return {
    wechat: wx && { appId: wx.id, appSecret: wx.secret, apiBase: wechatBase },
    alipay,
    dingtalk: dd && { appKey: dd.id, appSecret: dd.secret, apiBase: dingtalkBase },
    h5,
    h5SessionUrl: `${emulatorUrl}/h5/session`,
  }
}

function appCredentials(r: ConfigReader, idName: string, secretName: string, idDefault: string, secretDefault: string) {
  return r.bothOrNeither(idName, secretName, r.orEmulator(idName, idDefault), r.orEmulator(secretName, secretDefault))
}
