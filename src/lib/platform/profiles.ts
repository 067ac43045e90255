import { alipayPlatform } from './alipay'
import { dingtalkPlatform } from './dingtalk'
import type { MiniProgramPlatform, PlatformProfile } from './profile'
import { wechatPlatform } from './wechat'

/**
 * Every platform profile by name, for code that learns the platform at run time (tests, the Taro
 * transport, a native app that ships one bundle to all three). An app that knows its platform at
 * build time imports `wechatPlatform`, `alipayPlatform` or `dingtalkPlatform` itself and carries
 * only that one.
 */
const PROFILES: Record<MiniProgramPlatform, PlatformProfile> = { weapp: wechatPlatform, alipay: alipayPlatform, dd: dingtalkPlatform }

/** The profile of the platform named `name` (links all three; see above). */
export function platformProfile(name: MiniProgramPlatform): PlatformProfile {
  return PROFILES[name]
}
