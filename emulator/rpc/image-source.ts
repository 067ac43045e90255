// Resolves a vision API's ImageURL to bytes the way the real service constrains it: the URL must
// point into Shanghai OSS (here: this emulator's `/oss/<bucket>/<key>`, or a real-shaped
// `<bucket>.oss-cn-shanghai.aliyuncs.com/<key>` whose bucket the emulator has), no CJK characters,
// ≤ 3 MB, JPEG/PNG/BMP/GIF by magic bytes. The service reads the object internally (no signature).
import type { EmulatorState } from '../state'
import { sniffImage, type ImageFormat } from '../image/format'
import { RpcError } from './errors'
import { requireParam } from './actions/required'

const CJK = /[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31bf\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/

export interface LoadedImage {
  bytes: Buffer
  format: ImageFormat
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

export function loadImage(state: EmulatorState, params: Record<string, string>): LoadedImage {
  const raw = requireParam(params, 'ImageURL')
  if (CJK.test(raw)) {
    throw new RpcError(400, 'IllegalUrlParameter', 'The URL is invalid: ImageURL must not contain Chinese characters.')
  }
  const { bucket, key } = locate(state, raw)
  const obj = state.objects.hasBucket(bucket) ? state.objects.get(bucket, key, state.clock.now()) : undefined
  if (!obj) throw new RpcError(400, 'InvalidImage.Download', 'Failed to download the image from ImageURL: object not found.')
  if (obj.body.length > state.options.maxImageBytes) {
    throw new RpcError(400, 'InvalidImage.Size', `The image exceeds ${state.options.maxImageBytes} bytes.`)
  }
  const format = sniffImage(obj.body)
  if (!format) {
    throw new RpcError(400, 'InvalidFile.Content', 'The content format of the image or video is invalid. Use JPEG, PNG, BMP or GIF.')
  }
  return { bytes: obj.body, format }
}
