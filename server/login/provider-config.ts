import type { AlipayVerification } from './alipay-verification'

// What each login provider needs, as the config module reads it from env. The types live here,
// beside the verifiers that use them, so config imports login and never the other way round.

export interface WechatLoginConfig {
  appId: string
  appSecret: string
  /** `https://api.weixin.qq.com` or the emulator. */
  apiBase: string
}
export interface AlipayLoginConfig {
  appId: string
  /** The app private key, PEM (PKCS#1 or PKCS#8). */
  privateKeyPem: string
  /** `https://openapi.alipay.com/gateway.do` or the emulator's `/gateway.do`. */
  gateway: string
  /** How the backend verifies the signature on Alipay's answers (key mode, certificate mode, or the emulator's key); answers that do not verify are refused. */
  verification: AlipayVerification
}
export interface DingtalkLoginConfig {
  appKey: string
  appSecret: string
  /** `https://oapi.dingtalk.com` or the emulator. */
  apiBase: string
}

/** Every login provider; a provider is absent when it is disabled. */
export interface LoginConfig {
  wechat?: WechatLoginConfig
  alipay?: AlipayLoginConfig
  dingtalk?: DingtalkLoginConfig
  /** `dev`: h5 codes are redeemed at `<emulator>/h5/session`; `off`: h5 login refused. */
  h5: 'dev' | 'off'
  h5SessionUrl: string
}
