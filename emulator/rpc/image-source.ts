// Resolves a vision API's ImageURL to bytes the way the real service constrains it: the URL must
// point into Shanghai OSS (here: this emulator's `/oss/<bucket>/<key>`, or a real-shaped
// `<bucket>.oss-cn-shanghai.aliyuncs.com/<key>` whose bucket the emulator has), no CJK characters,
// then the action's documented input rules (bytes, format by magic bytes, PNG layout, pixel size).
// The service reads the object internally (no signature).
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

function locate(state: EmulatorState, raw: string): { bucket: string; key: string } {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new RpcError(400, 'IllegalUrlParameter', 'The URL is invalid. Check whether the URL can be opened.')
  }
  const base = new URL(state.baseUrl)
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  if (loopback && url.port === base.port) {
    const m = /^\/oss\/([^/]+)\/(.+)$/.exec(url.pathname)
    if (m) return { bucket: m[1], key: decodeURIComponent(m[2]) }
  }
  const real = /^([a-z0-9-]+)\.oss-cn-shanghai(-internal)?\.aliyuncs\.com$/.exec(url.hostname)
  if (real && state.objects.hasBucket(real[1]) && url.pathname.length > 1) {
    return { bucket: real[1], key: decodeURIComponent(url.pathname.slice(1)) }
  }
  throw new RpcError(
    400,
    'InvalidImage.Region',
    `The image URL must be an object in OSS cn-shanghai (emulator: ${state.baseUrl}/oss/<bucket>/<key>).`,
  )
}

const names = (formats: readonly ImageFormat[]) => formats.map((f) => f.toUpperCase()).join(', ')

/** Checks bytes against an action's rules, in the order a service would meet them; returns what it read. */
export function checkImage(bytes: Buffer, rules: InputImageRules, defaultMaxBytes: number): ImageInfo {
  const maxBytes = rules.maxBytes ?? defaultMaxBytes
  if (bytes.length > maxBytes) throw new RpcError(400, 'InvalidImage.Size', `The image is ${bytes.length} bytes; it must not exceed ${maxBytes} bytes.`)
  const info = inspectImage(bytes)
  if (!info) throw new RpcError(400, 'InvalidFile.Content', `The content format of the image or video is invalid. Use ${names(rules.formats)}.`)
  if (!rules.formats.includes(info.format)) {
    throw new RpcError(400, 'InvalidFile.Content', `The image format ${info.format.toUpperCase()} is not supported. Use ${names(rules.formats)}.`)
  }
  if (info.png && rules.pngBitsPerPixel && !rules.pngBitsPerPixel.includes(info.png.bitsPerPixel)) {
    throw new RpcError(400, 'InvalidFile.Content', `${info.png.bitsPerPixel}-bit PNG is not supported (bit depth ${info.png.bitDepth}, colour type ${info.png.colorType}). Use 24-bit RGB or 32-bit RGBA PNG, or JPEG.`)
  }
  const { width, height } = info
  const small = width < (rules.minWidth ?? 1) || height < (rules.minHeight ?? 1)
  const large = width > (rules.maxWidth ?? Infinity) || height > (rules.maxHeight ?? Infinity) || width * height > (rules.maxPixels ?? Infinity)
  if (small || large) {
    const bounds = [
      rules.minWidth ? `at least ${rules.minWidth}x${rules.minHeight}` : '',
      rules.maxWidth ? `at most ${rules.maxWidth}x${rules.maxHeight}` : '',
      rules.maxPixels ? `at most ${rules.maxPixels} pixels` : '',
    ].filter(Boolean)
    throw new RpcError(400, 'InvalidFile.Resolution', `The image resolution ${width}x${height} is invalid: it must be ${bounds.join(' and ')}.`)
  }
  return info
}

export function loadImage(state: EmulatorState, params: Record<string, string>, rules: InputImageRules): LoadedImage {
  const raw = requireParam(params, 'ImageURL')
  if (CJK.test(raw)) {
    throw new RpcError(400, 'IllegalUrlParameter', 'The URL is invalid: ImageURL must not contain Chinese characters.')
  }
  const { bucket, key } = locate(state, raw)
  const obj = state.objects.hasBucket(bucket) ? state.objects.get(bucket, key, state.clock.now()) : undefined
  if (!obj) throw new RpcError(400, 'InvalidImage.Download', 'Failed to download the image from ImageURL: object not found.')
  return { bytes: obj.body, ...checkImage(obj.body, rules, state.options.maxImageBytes) }
}
