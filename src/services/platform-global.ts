import type { MiniProgramPlatform } from '../lib'

/**
 * The one compile-time choice of platform global: `wx`, `my` or `dd` with its name, or undefined
 * on H5. Transport, media and login all start here, so the TARO_ENV switch is written once; dead
 * branches (and the other globals) are removed from each build.
 */
export interface PlatformGlobal {
  platform: MiniProgramPlatform
  api: Record<string, unknown>
}

function pick(): PlatformGlobal | undefined {
  if (process.env.TARO_ENV === 'weapp') return { platform: 'weapp', api: wx as Record<string, unknown> }
  if (process.env.TARO_ENV === 'alipay') return { platform: 'alipay', api: my as Record<string, unknown> }
  if (process.env.TARO_ENV === 'dd') return { platform: 'dd', api: dd as Record<string, unknown> }
  return undefined
}

export const platformGlobal: PlatformGlobal | undefined = pick()
