import Taro from '@tarojs/taro'
import { IMAGE_LIMITS, InputError, type LocalImage } from '../lib'

/**
 * Picking and shrinking photos. The vision APIs take at most 3 MB; phone photos are often larger,
 * so the app compresses on the device before uploading (never the server's job: the bytes would
 * already have crossed the network). Platform differences in the pickers live here.
 */
const TYPES_BY_EXT: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', bmp: 'image/bmp', webp: 'image/webp' }

function typeFromPath(path: string): string | undefined {
  const ext = path.split('?')[0].split('.').pop()?.toLowerCase() ?? ''
  return TYPES_BY_EXT[ext]
}

/** Asks the user for one photo (camera or album). Resolves undefined when they cancel. */
export async function choosePhoto(): Promise<LocalImage | undefined> {
  let res: Taro.chooseImage.SuccessCallbackResult
  try {
    res = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
  } catch (err) {
    // wx: `{errMsg: 'chooseImage:fail cancel'}`; my/dd: `{error: 11, errorMessage: '用户取消操作'}`.
    const e = err as { errMsg?: string; error?: number; errorMessage?: string }
    if (/cancel|取消/i.test(String(e?.errMsg ?? e?.errorMessage ?? err)) || e?.error === 11) return undefined
    throw err
  }
  // Taro's Alipay mapping fills `tempFilePaths` from `apFilePaths` only; DingTalk's dd.chooseImage
  // answers `filePaths` and `files` instead, so read those too (without them the dd app crashed here).
  const raw = res as typeof res & { filePaths?: string[]; files?: Array<{ path: string; size?: number }> }
  const file = (res.tempFiles?.[0] ?? raw.files?.[0]) as (Taro.chooseImage.ImageFile & { originalFileObj?: File; type?: string }) | undefined
  const path = file?.path ?? res.tempFilePaths?.[0] ?? raw.filePaths?.[0]
  if (!path) return undefined
  const contentType = file?.originalFileObj?.type || file?.type || typeFromPath(path) || 'image/jpeg'
  let size = file?.size ?? file?.originalFileObj?.size
  if (size === undefined && process.env.TARO_ENV !== 'h5') {
    size = await Taro.getFileInfo({ filePath: path }).then((i) => (i as { size: number }).size).catch(() => undefined)
  }
  return { path, contentType: contentType.toLowerCase(), size }
}

/** Makes the photo fit the API: supported type and at most `maxBytes`. */
export async function preparePhoto(image: LocalImage, maxBytes: number = IMAGE_LIMITS.maxBytes): Promise<LocalImage> {
  const supported = (IMAGE_LIMITS.contentTypes as readonly string[]).includes(image.contentType)
  if (supported && image.size !== undefined && image.size <= maxBytes) return image
  if (image.size === 0) throw new InputError('EmptyFile', 'The chosen file is empty (0 bytes)', 'Choose or take the photo again.')
  if (process.env.TARO_ENV === 'h5') return compressInBrowser(image, maxBytes)
  if (!supported) {
    throw new InputError('UnsupportedImageType', `Images of type "${image.contentType}" are not supported`, 'Use a JPEG, PNG, BMP or GIF photo.')
  }
  for (const quality of [80, 60, 40]) {
    const out = await compressOnDevice(image.path as string, quality)
    const info = (await Taro.getFileInfo({ filePath: out })) as { size: number }
    if (info.size <= maxBytes) return { path: out, contentType: 'image/jpeg', size: info.size }
  }
  throw new InputError('ImageTooLarge', 'The photo is still over 3 MB after compression', 'Choose a smaller photo or crop it first.')
}

/**
 * One re-encode on the device; resolves the new file's path. Taro passes `compressImage` options
 * through unchanged on Alipay, whose API (and DingTalk's) takes `{apFilePaths, compressLevel}` and
 * answers `{apFilePaths}` — WeChat's `{src, quality}` fails there.
 */
async function compressOnDevice(path: string, quality: number): Promise<string> {
  if (process.env.TARO_ENV === 'alipay' || process.env.TARO_ENV === 'dd') {
    // compressLevel: 0 low, 1 medium, 2 high quality.
    const compressLevel = quality >= 80 ? 2 : quality >= 60 ? 1 : 0
    const res = (await Taro.compressImage({ apFilePaths: [path], compressLevel } as never)) as unknown as { apFilePaths?: string[] }
    const out = res.apFilePaths?.[0]
    if (!out) throw new InputError('ImageTooLarge', 'Compressing the photo gave no file', 'Choose a smaller photo or crop it first.')
    return out
  }
  return (await Taro.compressImage({ src: path, quality })).tempFilePath
}

/** H5: decode, scale the long side to ≤ 2560 px, re-encode as JPEG with falling quality. */
async function compressInBrowser(image: LocalImage, maxBytes: number): Promise<LocalImage> {
  const blob = await (await fetch(image.path as string)).blob()
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(blob)
  } catch {
    throw new InputError('UnsupportedImageType', 'The chosen file is not an image this browser can read', 'Choose a JPEG or PNG photo.')
  }
  const scale = Math.min(1, 2560 / Math.max(bitmap.width, bitmap.height))
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(bitmap.width * scale)
  canvas.height = Math.round(bitmap.height * scale)
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
  for (const quality of [0.85, 0.7, 0.55, 0.4]) {
    const out = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', quality))
    if (out && out.size <= maxBytes) return { path: URL.createObjectURL(out), contentType: 'image/jpeg', size: out.size }
  }
  throw new InputError('ImageTooLarge', 'The photo is still over 3 MB after compression', 'Choose a smaller photo or crop it first.')
}
