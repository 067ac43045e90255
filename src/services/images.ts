import Taro from '@tarojs/taro'
import { contentTypeOfWord, IMAGE_LIMITS, InputError, KitError, type LocalImage } from '../lib'
import { media } from './media'
import { transport } from './transport'

/**
 * Picking, shrinking and saving photos. The vision APIs take at most 3 MB; phone photos are often
 * larger, so the app compresses on the device before uploading (never the server's job: the bytes
 * would already have crossed the network). Mini programs go through `media` (the raw platform
 * APIs in their documented shapes, src/lib/platform/media.ts); H5 through the browser.
 */
const TYPES_BY_EXT: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', bmp: 'image/bmp', webp: 'image/webp' }

function typeFromPath(path: string): string | undefined {
  const ext = path.split('?')[0].split('.').pop()?.toLowerCase() ?? ''
  return TYPES_BY_EXT[ext]
}

/** A picked photo; mini programs also know its pixel size (from `getImageInfo`). */
export interface Photo extends LocalImage {
  width?: number
  height?: number
}

/** Asks the user for one photo (camera or album). Resolves undefined when they cancel. */
export async function choosePhoto(): Promise<Photo | undefined> {
  if (media) {
    const picked = await media.choosePhoto()
    if (!picked) return undefined
    // No picker returns a MIME type: ask the decoder (wx/my `type`); dd has none, so its picker's
    // `fileType`, then the file name. Unknown stays unknown: preparePhoto re-encodes it to JPEG.
    const info = await media.photoInfo(picked.path)
    const contentType = info.contentType ?? contentTypeOfWord(picked.typeHint) ?? typeFromPath(picked.path) ?? 'application/octet-stream'
    const size = picked.size ?? (await media.fileSize(picked.path))
    return { path: picked.path, contentType, size, width: info.width, height: info.height }
  }
  let res: Taro.chooseImage.SuccessCallbackResult
  try {
    res = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
  } catch (err) {
    // H5: Taro rejects with `{errMsg: 'chooseImage:fail cancel'}` when the file dialog closes empty.
    if (/cancel/i.test(String((err as { errMsg?: string })?.errMsg ?? ''))) return undefined
    throw new KitError('PickerFailed', `Choosing a photo failed: ${String((err as { errMsg?: string })?.errMsg ?? err)}`, { hint: 'Try again.', cause: err })
  }
  const file = res.tempFiles?.[0] as (Taro.chooseImage.ImageFile & { originalFileObj?: File; type?: string }) | undefined
  const path = file?.path ?? res.tempFilePaths?.[0]
  if (!path) return undefined
  const contentType = file?.originalFileObj?.type || file?.type || typeFromPath(path) || 'application/octet-stream'
  return { path, contentType: contentType.toLowerCase(), size: file?.size ?? file?.originalFileObj?.size }
}

/** Makes the photo fit the API: supported type and at most `maxBytes`. */
export async function preparePhoto(image: Photo, maxBytes: number = IMAGE_LIMITS.maxBytes): Promise<LocalImage> {
  const supported = (IMAGE_LIMITS.contentTypes as readonly string[]).includes(image.contentType)
  if (supported && image.size !== undefined && image.size <= maxBytes) return image
  if (image.size === 0) throw new InputError('EmptyFile', 'The chosen file is empty (0 bytes)', 'Choose or take the photo again.')
  if (!media) return compressInBrowser(image, maxBytes)
  // A type the decoder named and the APIs refuse (webp, tiff, heic) is refused plainly: wx
  // compressImage re-encodes only JPEG on iOS, so it cannot be relied on to convert. A type nobody
  // named (dd, unusual file name) is re-encoded below, which yields a JPEG on every platform.
  if (!supported && image.contentType !== 'application/octet-stream') {
    throw new InputError('UnsupportedImageType', `Images of type "${image.contentType}" are not supported`, 'Use a JPEG, PNG, BMP or GIF photo.')
  }
  for (const quality of [80, 60, 40]) {
    const out = await media.compress(image.path as string, { quality })
    const size = await media.fileSize(out)
    if (size <= maxBytes) return { path: out, contentType: 'image/jpeg', size }
  }
  throw new InputError('ImageTooLarge', 'The photo is still over 3 MB after compression', 'Choose a smaller photo or crop it first.')
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

/**
 * Saves a result image (a URL) to the album. Mini programs: download it (the transport reads each
 * platform's answer: wx `tempFilePath`, my `apFilePath`, dd `filePath`), then save the local file.
 * H5 has no album: download it — as a blob, because browsers ignore `download` on cross-origin
 * links and would navigate away from the app; where the host sends no CORS headers, open a tab.
 */
export async function saveImageFromUrl(url: string): Promise<void> {
  if (!media) {
    try {
      const blob = await (await fetch(url)).blob()
      const a = document.createElement('a')
      a.href = URL.createObjectURL(blob)
      a.download = 'cutout.png'
      a.click()
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
    } catch {
      window.open(url, '_blank', 'noopener')
    }
    return
  }
  const res = await transport.downloadFile!({ url })
  if (!res.filePath) {
    throw new KitError('DownloadFailed', `Downloading the image answered ${res.status}`, { hint: 'Run it again; result URLs expire.', retryable: true })
  }
  await media.saveToAlbum(res.filePath)
}

/** Opens the mini program's settings (to allow the album); false where the platform has none. */
export function openAppSettings(): Promise<boolean> {
  return media ? media.openSettings() : Promise.resolve(false)
}
