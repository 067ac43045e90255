// Resolves a vision API's ImageURL to bytes the way the real service constrains it: the URL must
// point into Shanghai OSS (here: this emulator's `/oss/<bucket>/<key>`, or a real-shaped
// `<bucket>.oss-cn-shanghai.aliyuncs.com/<key>` whose bucket the emulator has), no CJK characters,
// then the action's documented input rules (bytes, format by magic bytes, PNG layout, pixel size).
// Which objects it may read follows the image-URL route rules (checkReadable).
//
// Error codes: `InvalidImage.Size` and `InvalidFile.Content` are what this emulator has always
// answered; `InvalidFile.Resolution` is the code SegmentCommonImage callers handle for images over
// 2000×2000 (seen in public client code calling @alicloud/imageseg20191230, e.g. a NestJS service
// that retries with SegmentHDCommonImage on it). No vendor page we could read lists the error codes
// of these checks: the API metadata documents only ParameterError/AuthFailed/Timeout/ServiceUnavailable.
import type { EmulatorState } from '../state'
import { inspectImage, type ImageFormat, type ImageInfo } from '../image/format'
import { RpcError } from './errors'
import { requireParam } from './actions/required'
import { checkEndpointAllowed, type OssEndpointKind } from '../oss/endpoint'
import { OssError } from '../oss/errors'
import { authorizeRead, isSignedQuery } from '../oss/read-access'

const CJK = /[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31bf\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/

/** One action's documented input rules; each action file declares its own with the vendor link. */
export interface InputImageRules {
  formats: readonly ImageFormat[]
  /** @default state.options.maxImageBytes (3 MB) */
  maxBytes?: number
  /** Inclusive pixel bounds; absent = not documented, not checked. */
  minWidth?: number
  minHeight?: number
  maxWidth?: number
  maxHeight?: number
  maxPixels?: number
  /** PNG bits per pixel accepted; absent = any. */
  pngBitsPerPixel?: readonly number[]
}

export interface LoadedImage extends ImageInfo {
  bytes: Buffer
}

interface Located {
  bucket: string
  key: string
  endpoint: OssEndpointKind
  query: URLSearchParams
}

function locate(state: EmulatorState, raw: string): Located {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new RpcError(400, 'IllegalUrlParameter', 'The URL is invalid. Check whether the URL can be opened.')
  }
  const base = new URL(state.baseUrl)
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  if (loopback && url.port === base.port) {
    const m = /^\/(oss|bound)\/([^/]+)\/(.+)$/.exec(url.pathname)
    if (m) return { bucket: m[2], key: decodeURIComponent(m[3]), endpoint: m[1] === 'oss' ? 'default' : 'bound', query: url.searchParams }
  }
  const real = /^([a-z0-9-]+)\.oss-cn-shanghai(-internal)?\.aliyuncs\.com$/.exec(url.hostname)
  if (real && state.objects.hasBucket(real[1]) && url.pathname.length > 1) {
    return { bucket: real[1], key: decodeURIComponent(url.pathname.slice(1)), endpoint: 'default', query: url.searchParams }
  }
  throw new RpcError(
    400,
    'InvalidImage.Region',
    `The image URL must be an object in OSS cn-shanghai (emulator: ${state.baseUrl}/oss/<bucket>/<key>).`,
  )
}

/**
 * Whether the service may read the object, by the image-URL routes' rules
 * (docs/real-cloud.md#image-url-routes): the viapi temporary bucket is read as it is (the route
 * "文件URL处理" documents, https://help.aliyun.com/document_detail/155645.html); a signed URL is
 * checked as OSS checks it; a public-read object is read; a private object by its plain URL only
 * when same-account read is switched on, since no vendor page says the APIs can. A new account's
 * default endpoint refuses every read (EC 0048-00000401). Refusals answer InvalidImage.Download,
 * the download failure the kit already maps (the code for this case is unverified).
 */
function checkReadable(state: EmulatorState, at: Located): void {
  if (at.bucket === state.options.viapiTempBucket) return
  const refuse = (why: string) => new RpcError(400, 'InvalidImage.Download', `Failed to download the image from ImageURL: ${why}`)
  try {
    checkEndpointAllowed(state, at.bucket, at.endpoint)
  } catch (e) {
    throw refuse(`OSS answered ${e instanceof OssError ? e.code : 'an error'} on the bucket's default endpoint; use its bound domain.`)
  }
  if (!isSignedQuery(at.query) && state.options.sameAccountRead) return
  try {
    authorizeRead(state, { method: 'GET', bucket: at.bucket, key: at.key, query: at.query, headers: {} })
  } catch (e) {
    const code = e instanceof OssError ? e.code : 'an error'
    throw refuse(isSignedQuery(at.query) ? `the signed URL was refused (${code}).` : `the object is private (${code}); pass a signed URL.`)
  }
}

const names = (formats: readonly ImageFormat[]) => formats.map((f) => f.toUpperCase()).join(', ')

/** Checks bytes against an action's rules, in the order a service would meet them; returns what it read. */
export function checkImage(bytes: Buffer, rules: InputImageRules, defaultMaxBytes: number): ImageInfo {
  const maxBytes = rules.maxBytes ?? defaultMaxBytes
  if (bytes.length > maxBytes)
    throw new RpcError(400, 'InvalidImage.Size', `The image is ${bytes.length} bytes; it must not exceed ${maxBytes} bytes.`)
  const info = inspectImage(bytes)
  if (!info)
    throw new RpcError(400, 'InvalidFile.Content', `The content format of the image or video is invalid. Use ${names(rules.formats)}.`)
  if (!rules.formats.includes(info.format)) {
    throw new RpcError(
      400,
      'InvalidFile.Content',
      `The image format ${info.format.toUpperCase()} is not supported. Use ${names(rules.formats)}.`,
    )
  }
  if (info.png && rules.pngBitsPerPixel && !rules.pngBitsPerPixel.includes(info.png.bitsPerPixel)) {
    throw new RpcError(
      400,
      'InvalidFile.Content',
      `${info.png.bitsPerPixel}-bit PNG is not supported (bit depth ${info.png.bitDepth}, colour type ${info.png.colorType}). ` +
        'Use 24-bit RGB or 32-bit RGBA PNG, or JPEG.',
    )
  }
  const { width, height } = info
  const small = width < (rules.minWidth ?? 1) || height < (rules.minHeight ?? 1)
  const large =
    width > (rules.maxWidth ?? Infinity) || height > (rules.maxHeight ?? Infinity) || width * height > (rules.maxPixels ?? Infinity)
  if (small || large) {
    const bounds = [
      rules.minWidth ? `at least ${rules.minWidth}x${rules.minHeight ?? 1}` : '',
      rules.maxWidth ? `at most ${rules.maxWidth}x${rules.maxHeight ?? Infinity}` : '',
      rules.maxPixels ? `at most ${rules.maxPixels} pixels` : '',
    ].filter(Boolean)
    throw new RpcError(
      400,
      'InvalidFile.Resolution',
      `The image resolution ${width}x${height} is invalid: it must be ${bounds.join(' and ')}.`,
    )
  }
  return info
}

export function loadImage(state: EmulatorState, params: Record<string, string>, rules: InputImageRules): LoadedImage {
  const raw = requireParam(params, 'ImageURL')
  if (CJK.test(raw)) {
    throw new RpcError(400, 'IllegalUrlParameter', 'The URL is invalid: ImageURL must not contain Chinese characters.')
  }
  const at = locate(state, raw)
  checkReadable(state, at)
  const { bucket, key } = at
  const obj = state.objects.hasBucket(bucket) ? state.objects.get(bucket, key, state.clock.now()) : undefined
  if (!obj) throw new RpcError(400, 'InvalidImage.Download', 'Failed to download the image from ImageURL: object not found.')
  return { bytes: obj.body, ...checkImage(obj.body, rules, state.options.maxImageBytes) }
}
