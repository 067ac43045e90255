import Taro from '@tarojs/taro'
import { createMiniProgramTransport, createTaroTransport, type MiniProgramGlobal, type Transport } from '../lib'

/**
 * The one Transport of the app, chosen at compile time: the raw platform global on mini programs
 * (so uploads carry exactly the fields each platform needs), Taro's XHR-based APIs on H5 (for a
 * live upload progress bar). Dead branches are removed from each build.
 */
function pick(): Transport {
  if (process.env.TARO_ENV === 'weapp') return createMiniProgramTransport(wx as unknown as MiniProgramGlobal, 'weapp')
  if (process.env.TARO_ENV === 'alipay') return createMiniProgramTransport(my as unknown as MiniProgramGlobal, 'alipay')
  if (process.env.TARO_ENV === 'dd') return createMiniProgramTransport(dd as unknown as MiniProgramGlobal, 'dd')
  // Written out as `Taro.request(...)`: on H5 Taro's babel plugin turns these member calls into
  // imports of its H5 APIs, and passing the `Taro` object itself would lose them.
  return createTaroTransport(
    {
      request: (options) => Taro.request(options as never) as never,
      uploadFile: (options) => Taro.uploadFile(options as never) as never,
    },
    process.env.TARO_ENV,
  )
}

export const transport: Transport = pick()
