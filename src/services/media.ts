import { createMiniProgramMedia, type MiniProgramMedia } from '../lib'
import { platformGlobal } from './platform-global'

/**
 * Photo picking, inspection, compression and saving over the raw platform global (chosen at
 * compile time in platform-global.ts); `undefined` on H5, where the browser's own file input and
 * canvas do the work.
 */
export const media: MiniProgramMedia | undefined =
  process.env.TARO_ENV !== 'h5' ? createMiniProgramMedia(platformGlobal!.api, platformGlobal!.profile) : undefined
