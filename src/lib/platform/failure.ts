import { PlatformError, type PlatformFailureReason } from '../base/errors'
import { textOf } from '../base/text'
import type { PlatformFailure, PlatformProfile } from './profile'

export type { FailureKind, MiniProgramPlatform, PlatformFailure } from './profile'

/**
 * What a `fail` callback of wx / my / dd means, as a typed error with a message and a hint a user
 * (or the developer reading the log) can act on. Each platform's rules live in its profile
 * (wechat.ts, alipay-family.ts); this module only words the answer.
 */

/** The platform's own words: errMsg (wx) or errorMessage + error (my/dd). */
export function failureDetail(res: PlatformFailure): string {
  if (!res || typeof res !== 'object') return String(res ?? 'unknown error')
  if (typeof res.errMsg === 'string') return res.errno !== undefined ? `${res.errMsg} (errno ${textOf(res.errno)})` : res.errMsg
  const message = typeof res.errorMessage === 'string' ? res.errorMessage : ''
  if (res.error !== undefined) return `error ${textOf(res.error)}${message ? `: ${message}` : ''}`
  return message || (res instanceof Error ? res.message : JSON.stringify(res))
}

/** `scheme://host[:port]` of a URL, without the URL global (missing in some mini-program runtimes). */
export function originOf(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+)/i.exec(url)
  return m ? m[1] : url
}

/** Failures a retry cannot fix, so the transport throws them as a PlatformError (never a NetworkError). */
export const isRefusal = (kind: string) => kind === 'domain-not-allowed' || kind === 'file-permission'

/** The typed error for a failure that is not cancel/timeout/abort. `url` names the host for allow-list errors. */
export function refusal(profile: PlatformProfile, api: string, res: PlatformFailure, url?: string): PlatformError {
  const detail = failureDetail(res)
  const kind = profile.classify(api, res)
  const reason: PlatformFailureReason = kind === 'cancelled' || kind === 'timeout' || kind === 'aborted' ? 'failed' : kind
  const { name: platform, label } = profile
  const own = profile.explain && profile.explain(reason, api)
  if (own) return new PlatformError({ platform, api, reason, detail, ...own })
  if (reason === 'domain-not-allowed') {
    const host = url ? originOf(url) : undefined
    const allowList = profile.allowListPlace(api)
    return new PlatformError({
      platform,
      api,
      reason,
      detail,
      host,
      allowList,
      message: `${label} refused to call ${host || 'the host'}: it is not on the mini program's allow-list for ${api}`,
      hint: `Add ${host || 'the host'} in ${allowList} (npm run domains prints every host), then publish again.`,
    })
  }
  if (reason === 'permission-denied') {
    const what = api === 'saveImageToPhotosAlbum' || api === 'saveImage' ? 'saving to the photo album' : 'the camera or album'
    return new PlatformError({
      platform,
      api,
      reason,
      detail,
      message: `${label} has no permission for ${what}`,
      hint: profile.permissionHint,
    })
  }
  // `failed`, or `file-permission` (dd upload/download 13 "没有文件权限"): the platform's own words say which.
  return new PlatformError({
    platform,
    api,
    reason,
    detail,
    message: `${label} ${api} failed: ${detail}`,
    hint: 'Try again; if it keeps failing, restart the mini program.',
  })
}
