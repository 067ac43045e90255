/** Emulator dev defaults (the same values as emulator/config.ts) — not secrets, they only open the local emulator. */
export const EMULATOR_DEFAULTS = {
  url: 'http://127.0.0.1:9100',
  rootAccessKeyId: 'emulator-root-id',
  rootAccessKeySecret: 'emulator-root-secret-not-for-production',
  roleArn: 'acs:ram::1234567890123456:role/viapi-kit-uploader',
  wechatAppId: 'wx00emulator0appid',
  wechatAppSecret: 'emulator-wechat-secret',
  alipayAppId: '2021000000000001',
  dingtalkAppKey: 'dingemulatorappkey',
  dingtalkAppSecret: 'emulator-dingtalk-secret',
  corsOrigins: ['http://127.0.0.1:10086', 'http://localhost:10086'],
} as const

/**
 * Cloud-mode defaults: STS and OSS in Shanghai and the login providers' public APIs. The vision
 * products' endpoints are not here: each operation declares its own (`cloudEndpoint`).
 */
export const REAL_ENDPOINTS = {
  sts: 'https://sts.cn-shanghai.aliyuncs.com',
  oss: 'https://oss-cn-shanghai.aliyuncs.com',
  wechat: 'https://api.weixin.qq.com',
  alipay: 'https://openapi.alipay.com/gateway.do',
  dingtalk: 'https://oapi.dingtalk.com',
} as const

/** RecognizeBankCard accepts images up to 3 MB; the client enforces it before uploading. */
export const UPLOAD_MAX_BYTES = 3 * 1024 * 1024
