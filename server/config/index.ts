export { ConfigError, EMULATOR_DEFAULTS, REAL_ENDPOINTS, UPLOAD_MAX_BYTES, enabledPlatforms, loadConfig, loadDotEnv } from './load-config'
export type { AlipayLoginConfig, AlipayVerification, AppConfig, AppMode, DingtalkLoginConfig, WechatLoginConfig } from './load-config'
