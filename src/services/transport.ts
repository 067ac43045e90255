import Taro from '@tarojs/taro'
import { createMiniProgramTransport, createTaroTransport, type MiniProgramGlobal, type Transport } from '../lib'
import { platformGlobal } from './platform-global'

/**
 * The one Transport of the app, chosen at compile time: the raw platform global on mini programs
 * (so uploads carry exactly the fields each platform needs), Taro's XHR-based APIs on H5 (for a
 * live upload progress bar). Dead branches are removed from each build.
 */
function pick(): Transport {
  // Compared with TARO_ENV (a build-time constant), not only tested, so each build drops the other branch.
  if (process.env.TARO_ENV !== 'h5') return createMiniProgramTransport(platformGlobal!.api as unknown as MiniProgramGlobal, platformGlobal!.platform)
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
