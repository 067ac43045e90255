import { PlatformError } from '../base/errors'
import { refusal } from './failure'
import type { MiniProgramMediaGlobal, MiniProgramPlatform, PlatformFailure, PlatformProfile } from './profile'

export type { MiniProgramMediaGlobal }

type Callback = (res: Record<string, unknown>) => void

/** The callback-style APIs (`{…options, success, fail}`). */
export type CallbackApi = Exclude<keyof MiniProgramMediaGlobal, 'createOffscreenCanvas' | 'canIUse' | 'getFileSystemManager'>

/** One callback API of `api` as a promise; `fail` becomes a PlatformError (or `onCancel`'s value). */
export function callMedia<T>(
  api: MiniProgramMediaGlobal,
  profile: PlatformProfile,
  name: CallbackApi,
  options: object,
  answer: (res: Record<string, unknown>) => T,
  onCancel?: () => T,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const fn = api[name]
    if (typeof fn !== 'function') {
      return reject(
        new PlatformError({
          platform: profile.name,
          api: name,
          reason: 'failed',
          detail: 'missing',
          message: `${profile.name} has no ${name} API`,
          hint: 'Update the app (WeChat, Alipay or DingTalk) to a newer version.',
        }),
      )
    }
    const fail = (res: PlatformFailure) => {
      if (onCancel && profile.classify(name, res) === 'cancelled') return resolve(onCancel())
      reject(refusal(profile, name, res))
    }
    const success: Callback = (res) => {
      try {
        resolve(answer(res || {}))
      } catch (err) {
        reject(err)
      }
    }
    try {
      fn.call(api, { ...options, success, fail })
    } catch (err) {
      fail({ errMsg: `${name}:fail ${err instanceof Error ? err.message : String(err)}`, errorMessage: String(err) })
    }
  })
}

/** A success answer that names no file is a failure, not `undefined` passed on. */
export function fileOf(platform: MiniProgramPlatform, name: string, out: string | undefined): string {
  if (out !== undefined) return out
  throw new PlatformError({
    platform,
    api: name,
    reason: 'failed',
    detail: 'no file in the answer',
    message: `${platform}.${name} answered without a file`,
    hint: 'Try again.',
  })
}

/** Resizing refused: `unsupported` where the platform documents no way, else what went wrong. */
export function cannotResize(platform: MiniProgramPlatform, detail: string): PlatformError {
  return new PlatformError({
    platform,
    api: 'createOffscreenCanvas',
    reason: 'failed',
    detail,
    message:
      detail === 'unsupported'
        ? `${platform} documents no way to resize a photo on the phone`
        : `${platform} could not resize the photo on a canvas (${detail})`,
    hint:
      detail === 'unsupported'
        ? 'Choose a smaller photo (e.g. a screenshot) or crop it first.'
        : 'Update the app, or choose a smaller photo.',
  })
}
