import { textOf } from '../base/text'
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
  // `||`, not `??`: no failure is code 0 or an empty message, and ES2017 spells `??` at length.
  const failure = res || {}
  const text = textOf(failure.errMsg || failure.errorMessage)
  const code = Number(failure.error || failure.errno)
  if (api === 'request' || api === 'httpRequest') {
    // dd.httpRequest 11: not on the list, 4: not an HTTP safe domain; my.request 4/11 "无权调用该接口",
    // "没有配置请求白名单导致" (Alipay's API error FAQ). Both: 13 timeout.
    if (code === 11 || code === 4 || /请配置安全域名|无权跨域调用|N22106|domain/i.test(text)) return 'domain-not-allowed'
    if (code === 13 || /time ?out|超时/i.test(text)) return 'timeout'
    if (code === 9 || /abort/i.test(text)) return 'aborted'
    return 'failed'
  }
  if (api === 'uploadFile' || api === 'downloadFile') return transferKind(isDingTalk, api === 'uploadFile', code, text)
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

/**
 * uploadFile / downloadFile, from each page's error table (docs/platform-contracts.md):
 * - dd: 4 upload URL not an HTTP safe domain (uploadFile only; downloadFile lists 12 and 13 alone),
 *   13 "没有文件权限" (both pages: a file permission, not a timeout); no timeout code is documented.
 * - my.uploadFile: 4 no allow-list entry, 12 failed incl. "上传超时", 13 "没有权限" (Alipay's API error
 *   FAQ; the only permission an upload URL needs is the allow-list). 11 is "file not found" there.
 */
function transferKind(isDingTalk: boolean, upload: boolean, code: number, text: string): FailureKind {
  if (upload && code === 4) return 'domain-not-allowed'
  if (isDingTalk && code === 13) return 'file-permission'
  if (!isDingTalk && upload && code === 13) return 'domain-not-allowed'
  if ((!isDingTalk && upload && code === 12) || /time ?out|超时/i.test(text)) return 'timeout'
  if (code === 9 || /abort/i.test(text)) return 'aborted'
  return 'failed'
}
