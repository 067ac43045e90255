import { createMiniProgramMedia, type MiniProgramMedia, type MiniProgramMediaGlobal } from '../lib'

/**
 * Photo picking, inspection, compression and saving over the raw platform global, chosen at
 * compile time like the transport (src/services/transport.ts); `undefined` on H5, where the
 * browser's own file input and canvas do the work. Dead branches are removed from each build.
 */
function pick(): MiniProgramMedia | undefined {
  if (process.env.TARO_ENV === 'weapp') return createMiniProgramMedia(wx as unknown as MiniProgramMediaGlobal, 'weapp')
  if (process.env.TARO_ENV === 'alipay') return createMiniProgramMedia(my as unknown as MiniProgramMediaGlobal, 'alipay')
  if (process.env.TARO_ENV === 'dd') return createMiniProgramMedia(dd as unknown as MiniProgramMediaGlobal, 'dd')
  return undefined
}

export const media: MiniProgramMedia | undefined = pick()
