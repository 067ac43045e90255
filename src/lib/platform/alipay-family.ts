import type { FailureKind, PlatformFailure } from './profile'

/** Alipay/DingTalk error 19: "HTTP error" — the server answered, with a status ≥ 400, and `fail` carries the response. */
export const ALIPAY_HTTP_ERROR = 19

/**
 * One `fail` of `api` on Alipay (`my`) or DingTalk (`dd`), whose mini programs share Alipay's
 * runtime: failures are `{error, errorMessage}`, and the same number means different things in
 * different APIs (error 11 is "cancelled" in chooseImage, "file not found" in uploadFile and "host
 * not allowed" in dd.httpRequest), so the API is part of the question. Every rule comes from
 * docs/platform-contracts.md (vendor links there).
 */
export function classifyAlipayFamily(isDingTalk: boolean, api: string, res: PlatformFailure): FailureKind {
  const r = (res ?? {}) as Record<string, unknown>
  const text = String(r.errMsg ?? r.errorMessage ?? '')
  const code = Number(r.error ?? r.errno)
  if (api === 'request' || api === 'httpRequest') {
    // dd.httpRequest 11: not on the list; 4: not an HTTP safe domain. my.request: messages only.
    if (isDingTalk && (code === 11 || code === 4)) return 'domain-not-allowed'
    if (/请配置安全域名|无权跨域调用|N22106|domain/i.test(text)) return 'domain-not-allowed'
    if (code === 13 || /time ?out|超时/i.test(text)) return 'timeout'
    if (code === 9 || /abort/i.test(text)) return 'aborted'
    return 'failed'
  }
  if (api === 'uploadFile') {
    if (code === 4) return 'domain-not-allowed'
    // my.uploadFile 12 is "上传超时"; 13 elsewhere.
    if ((!isDingTalk && code === 12) || code === 13 || /time ?out|超时/i.test(text)) return 'timeout'
    if (code === 9 || /abort/i.test(text)) return 'aborted'
    return 'failed'
  }
  if (api === 'downloadFile') {
    if (isDingTalk && code === 4) return 'domain-not-allowed'
    if (code === 13 && isDingTalk) return 'timeout'
    if (/time ?out|超时/i.test(text)) return 'timeout'
    return 'failed'
  }
  if (api === 'chooseImage' || api === 'chooseMedia') {
    // 11 user cancelled; dd.chooseMedia -1. my 2001/2002/2003: camera/album permission refused.
    if (code === 11 || (isDingTalk && code === -1) || /cancel|取消/i.test(text)) return 'cancelled'
    if (code === 2001 || code === 2002 || code === 2003) return 'permission-denied'
    return 'failed'
  }
  // 15: album permission off (iOS), my.saveImageToPhotosAlbum and dd.saveImage.
  if ((api === 'saveImageToPhotosAlbum' || api === 'saveImage') && code === 15) return 'permission-denied'
  return 'failed'
}
