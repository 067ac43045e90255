import { PlatformError, type PlatformFailureReason } from '../errors'

/**
 * What a `fail` callback of wx / my / dd means. The same number means different things in
 * different APIs (my/dd error 11 is "cancelled" in chooseImage, "file not found" in uploadFile and
 * "host not allowed" in dd.httpRequest), so the API is part of the question. Every rule comes from
 * docs/platform-contracts.md (vendor links there); "community" rules there are marked here too.
 */
export type MiniProgramPlatform = 'weapp' | 'alipay' | 'dd'

/** What the platform hands to `fail`: wx `{errMsg, errno?}`, my/dd `{error, errorMessage}`. */
export type PlatformFailure = Record<string, unknown> | undefined | null

export type FailureKind = PlatformFailureReason | 'cancelled' | 'timeout' | 'aborted'

/** The platform's own words: errMsg (wx) or errorMessage + error (my/dd). */
export function failureDetail(res: PlatformFailure): string {
  if (!res || typeof res !== 'object') return String(res ?? 'unknown error')
  if (typeof res.errMsg === 'string') return res.errno !== undefined ? `${res.errMsg} (errno ${String(res.errno)})` : res.errMsg
  const message = typeof res.errorMessage === 'string' ? res.errorMessage : ''
  if (res.error !== undefined) return `error ${String(res.error)}${message ? `: ${message}` : ''}`
  return message || (res instanceof Error ? res.message : JSON.stringify(res))
}

/** Classifies one failure of `api` on `platform`. */
export function classifyFailure(platform: MiniProgramPlatform, api: string, res: PlatformFailure): FailureKind {
  const r = (res ?? {}) as Record<string, unknown>
  const text = String(r.errMsg ?? r.errorMessage ?? '')
  const code = Number(r.error ?? r.errno)
  if (platform === 'weapp') {
    // errno 600002 "url not in domain list" (PublicErrno); devtools says 不在以下 … 合法域名列表中.
    if (r.errno === 600002 || /url not in domain list|合法域名/i.test(text)) return 'domain-not-allowed'
    // errno 112: "api scope is not declared in the privacy agreement" (community; PrivacyAuthorize page).
    if (r.errno === 112 || /not declared in the privacy/i.test(text)) return 'privacy-not-declared'
    // The user declined in the privacy pop-up: "privacy permission is not authorized" (typings), errno 104.
    if (r.errno === 104 || /privacy permission is not authorized/i.test(text)) return 'privacy-declined'
    // scope denied: "auth deny" (devtools), "auth denied" (Android), "authorize no response" (iOS) (community).
    if (r.errno === 103 || /auth den|authorize no response|permission denied/i.test(text)) return 'permission-denied'
    if (/:fail cancel/i.test(text)) return 'cancelled'
    if (/abort/i.test(text)) return 'aborted'
    // Localised: "timeout", "time out", 请求超时, 请求逾时 (community).
    if (/time ?out|超时|逾时/i.test(text)) return 'timeout'
    return 'failed'
  }
  if (api === 'request' || api === 'httpRequest') {
    // dd.httpRequest 11: not on the list; 4: not an HTTP safe domain. my.request: messages only.
    if (platform === 'dd' && (code === 11 || code === 4)) return 'domain-not-allowed'
    if (/请配置安全域名|无权跨域调用|N22106|domain/i.test(text)) return 'domain-not-allowed'
    if (code === 13 || /time ?out|超时/i.test(text)) return 'timeout'
    if (code === 9 || /abort/i.test(text)) return 'aborted'
    return 'failed'
  }
  if (api === 'uploadFile') {
    if (code === 4) return 'domain-not-allowed'
    // my.uploadFile 12 is "上传超时"; 13 elsewhere.
    if ((platform === 'alipay' && code === 12) || code === 13 || /time ?out|超时/i.test(text)) return 'timeout'
    if (code === 9 || /abort/i.test(text)) return 'aborted'
    return 'failed'
  }
  if (api === 'downloadFile') {
    if (platform === 'dd' && code === 4) return 'domain-not-allowed'
    if (code === 13 && platform === 'dd') return 'timeout'
    if (/time ?out|超时/i.test(text)) return 'timeout'
    return 'failed'
  }
  if (api === 'chooseImage' || api === 'chooseMedia') {
    // 11 user cancelled; dd.chooseMedia -1. my 2001/2002/2003: camera/album permission refused.
    if (code === 11 || (platform === 'dd' && code === -1) || /cancel|取消/i.test(text)) return 'cancelled'
    if (code === 2001 || code === 2002 || code === 2003) return 'permission-denied'
    return 'failed'
  }
  if (api === 'saveImageToPhotosAlbum' || api === 'saveImage') {
    // 15: album permission off (iOS), my.saveImageToPhotosAlbum and dd.saveImage.
    if (code === 15) return 'permission-denied'
    return 'failed'
  }
  return 'failed'
}

/** Where each console's allow-list for `api`'s calls lives (README "Domain allow-lists"). */
export function allowListPlace(platform: MiniProgramPlatform, api: string): string {
  const list = api === 'uploadFile' ? 'uploadFile' : api === 'downloadFile' ? 'downloadFile' : 'request'
  if (platform === 'weapp') return `mp.weixin.qq.com → 开发管理 → 开发设置 → 服务器域名 → ${list}合法域名`
  if (platform === 'alipay') return 'open.alipay.com → 小程序 → 开发设置 → 服务器域名白名单'
  return 'open-dev.dingtalk.com → 应用 → 开发配置 → 安全设置 → HTTP 可信域名'
}

const PLATFORM_NAME: Record<MiniProgramPlatform, string> = { weapp: 'WeChat', alipay: 'Alipay', dd: 'DingTalk' }

/** `scheme://host[:port]` of a URL, without the URL global (missing in some mini-program runtimes). */
export function originOf(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+)/i.exec(url)
  return m ? m[1] : url
}

/**
 * The typed error for a failure that is not cancel/timeout/abort, with a message and a hint a
 * user (or the developer reading the log) can act on. `url` names the host for allow-list errors.
 */
export function platformError(platform: MiniProgramPlatform, api: string, res: PlatformFailure, url?: string): PlatformError {
  const detail = failureDetail(res)
  const kind = classifyFailure(platform, api, res)
  const name = PLATFORM_NAME[platform]
  const reason: PlatformFailureReason = kind === 'cancelled' || kind === 'timeout' || kind === 'aborted' ? 'failed' : kind
  switch (reason) {
    case 'domain-not-allowed': {
      const host = url ? originOf(url) : undefined
      return new PlatformError({
        platform, api, reason, detail, host,
        message: `${name} refused to call ${host ?? 'the host'}: it is not on the mini program's allow-list for ${api}`,
        hint: `Add ${host ?? 'the host'} in ${allowListPlace(platform, api)} (npm run domains prints every host), then publish again.`,
      })
    }
    case 'privacy-not-declared':
      return new PlatformError({
        platform, api, reason, detail,
        message: `WeChat refused ${api}: the mini program does not declare it in its privacy guide (用户隐私保护指引)`,
        hint: 'Declare the photo album (选中的照片或视频信息 / 相册（仅写入）) in mp.weixin.qq.com → 设置 → 服务内容声明 → 用户隐私保护指引 (see README).',
      })
    case 'privacy-declined':
      return new PlatformError({
        platform, api, reason, detail,
        message: `You declined the privacy terms this step needs (${api})`,
        hint: 'Try again and accept the privacy terms to choose or save photos.',
      })
    case 'permission-denied':
      return new PlatformError({
        platform, api, reason, detail,
        message: `${name} has no permission for ${api === 'saveImageToPhotosAlbum' || api === 'saveImage' ? 'saving to the photo album' : 'the camera or album'}`,
        hint: platform === 'dd' ? 'Allow DingTalk to use the photo album in the phone’s system settings, then try again.' : 'Open the settings, allow the photo album, then try again.',
      })
    default:
      return new PlatformError({
        platform, api, reason: 'failed', detail,
        message: `${name} ${api} failed: ${detail}`,
        hint: 'Try again; if it keeps failing, restart the mini program.',
      })
  }
}
