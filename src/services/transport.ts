import Taro from '@tarojs/taro'
import { createMiniProgramTransport, createTaroTransport, type MiniProgramGlobal, type Transport } from '../lib'
import { platformGlobal } from './platform-global'

/**
 * The one Transport of the app, chosen at compile time: the raw platform global on mini programs
 * (so uploads carry exactly the fields each platform needs), Taro's XHR-based APIs on H5 (for a
 * live upload progress bar). Dead branches are removed from each build.
 */
function pick(): Transport {
  // Both branches sit in `if`s on TARO_ENV (a build-time constant): webpack drops the dead one
  // while it links modules, so a mini-program build never links the Taro transport (nor, through
  // it, the other platforms' profiles). Code after a `return` would still be linked.
  if (process.env.TARO_ENV === 'h5') {
    // Written out as `Taro.request(...)`: on H5 Taro's babel plugin turns these member calls into
    // imports of its H5 APIs, and passing the `Taro` object itself would lose them.
    return createTaroTransport({
      request: (options) => Taro.request(options as never) as never,
      uploadFile: (options) => Taro.uploadFile(options as never) as never,
    })
  } else {
    return createMiniProgramTransport(platformGlobal!.api as unknown as MiniProgramGlobal, platformGlobal!.profile)
  }
}

export const transport: Transport = pick()
