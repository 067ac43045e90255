import { alipayPlatform, dingtalkPlatform, wechatPlatform, type PlatformProfile } from '../lib'

/**
 * The one compile-time choice of platform: the raw global (`wx`, `my` or `dd`) and its profile
 * (every call in the shape that platform documents), or undefined on H5. Transport, media and
 * login all start here, so the TARO_ENV switch is written once; dead branches, the other globals
 * and the other platforms' profiles are removed from each build.
 */
export interface PlatformGlobal {
  profile: PlatformProfile
  api: Record<string, unknown>
}

function pick(): PlatformGlobal | undefined {
  if (process.env.TARO_ENV === 'weapp') return { profile: wechatPlatform, api: wx as Record<string, unknown> }
  if (process.env.TARO_ENV === 'alipay') return { profile: alipayPlatform, api: my as Record<string, unknown> }
  if (process.env.TARO_ENV === 'dd') return { profile: dingtalkPlatform, api: dd as Record<string, unknown> }
  return undefined
}

export const platformGlobal: PlatformGlobal | undefined = pick()
