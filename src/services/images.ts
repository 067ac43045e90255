import { InputError, KitError, type ImageLimits, type LocalImage, type MiniProgramMedia } from '../lib'
import {
  contentTypeOf,
  contentTypeOfPath,
  displayedSize,
  emptyFileError,
  imageTypeOf,
  planImage,
  readImageHeader,
  replanSmaller,
} from '../lib/image'
import { BANK_CARD_IMAGE_LIMITS } from '../lib/operations'
import { contentTypeOfWord } from '../lib/platform'
import { media } from './media'
import { HEIC_TYPE, inspectOnDevice } from './photo-facts'
import { transport } from './transport'

/**
 * Picking, fitting and saving photos. Each vision API documents its own input limits (bytes,
 * pixels, formats); phone photos often break them, so the app prepares the photo on the device
 * before uploading (never the server's job: the bytes would already have crossed the network).
 * Mini programs go through `media` (the raw platform APIs in their documented shapes,
 * src/lib/platform/media.ts); H5 through the browser.
 */
/** A picked photo; mini programs also know its pixel size (header bytes or `getImageInfo`) where the platform can tell. */
export interface Photo extends LocalImage {
  width?: number
  height?: number
  /** EXIF orientation 1…8, where the header tells. */
  orientation?: number
}

/** Asks the user for one photo (camera or album). Resolves undefined when they cancel. */
export async function choosePhoto(): Promise<Photo | undefined> {
  if (!media) return chooseInBrowser()
  const picked = await media.choosePhoto()
  if (!picked) return undefined
  // The picker's size first (wx/my `tempFiles[].size`, dd `files[].size`), then the file manager.
  const size = picked.size ?? (await media.fileSize(picked.path))
  if (size === 0) return { path: picked.path, contentType: UNKNOWN_TYPE, size }
  // No picker returns a MIME type: the header bytes or the decoder say it; else the picker's own
  // word (dd `fileType`), then the file name. Unknown stays unknown: preparePhoto re-encodes it.
  const facts = await inspectOnDevice(media, picked.path)
  const contentType = facts.contentType ?? contentTypeOfWord(picked.typeHint) ?? contentTypeOfPath(picked.path) ?? UNKNOWN_TYPE
  return { path: picked.path, contentType, size, width: facts.width, height: facts.height, orientation: facts.orientation }
}

const UNKNOWN_TYPE = 'application/octet-stream'

/**
 * H5: our own file input rather than Taro's chooseImage, which silently drops every file the
 * browser cannot decode (a text file named card.jpg, an empty file) and answers "nothing chosen".
 * Here every file comes back, and preparePhoto says what is wrong with it.
 */
function chooseInBrowser(): Promise<Photo | undefined> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = 'image/*'
    input.style.cssText = 'position:fixed;left:-4000px;top:-4000px'
    const done = (photo: Photo | undefined) => {
      input.remove()
      resolve(photo)
    }
    input.onchange = () => {
      const file = input.files?.[0]
      done(file ? { path: URL.createObjectURL(file), contentType: (file.type || UNKNOWN_TYPE).toLowerCase(), size: file.size } : undefined)
    }
    input.addEventListener('cancel', () => done(undefined))
    document.body.appendChild(input)
    input.click()
  })
}

/**
 * Makes the photo fit the operation it is for (`limits`: the operation's documented input limits,
 * e.g. SEGMENT_IMAGE_LIMITS): reads the true type and pixel size, asks `planImage` what to do, and
 * resizes / re-encodes only as needed — H5 on a canvas, WeChat with compressImage's
 * compressedWidth/compressedHeight, Alipay with compressImage, and on an offscreen canvas when the
 * photo is over the operation's pixel limits (compressImage cannot resize there), DingTalk with
 * compressImage only (it documents no canvas a picked photo can be drawn on: a photo still too
 * large in pixels is refused with the limit and the fix). Throws a typed
 * InputError (empty, not an image, too small, cannot be made to fit) before any upload.
 */
export async function preparePhoto(image: Photo, limits: ImageLimits = BANK_CARD_IMAGE_LIMITS): Promise<LocalImage> {
  if (image.size === 0) throw emptyFileError()
  return media ? prepareOnDevice(media, image, limits) : prepareInBrowser(image, limits)
}

/**
 * A GIF for an API that takes none (segmentation) is refused, not converted: GIFs are often
 * animated, and a conversion would quietly keep one frame of it. The user chooses the photo.
 */
function refuseGif(limits: ImageLimits, type: string | undefined): void {
  if (type === 'gif' && !limits.formats.includes('gif')) {
    throw new InputError('UnsupportedImageType', `${limits.api} does not take GIF images`, 'Choose a JPEG or PNG photo instead.')
  }
}

/** Conversions tried before giving up (quality steps, then smaller sizes). */
const MAX_CONVERSIONS = 5

async function prepareOnDevice(device: MiniProgramMedia, image: Photo, limits: ImageLimits): Promise<LocalImage> {
  let current: Photo = image
  let type = imageTypeOf(image.contentType)
  if (!type && image.contentType === HEIC_TYPE) {
    // iPhone HEIC: no vision API takes it; Alipay's canvas decodes it and writes a JPEG.
    current = await heicToJpeg(device, image, limits)
    type = 'jpeg'
  } else if (!type && image.contentType === UNKNOWN_TYPE) {
    // A type nobody named (dd, unusual name): one re-encode makes it a JPEG on every platform.
    current = await convertOnDevice(device, image.path as string, { quality: 90 })
    type = 'jpeg'
  } else if (!type) {
    // Named by the decoder but not one the kit can convert on every phone (tiff): wx
    // compressImage re-encodes only JPEG on iOS.
    throw new InputError('UnsupportedImageType', `Photos of type "${image.contentType}" are not supported`, 'Use a JPEG or PNG photo.')
  }
  // Conversions start from the original, except from a HEIC, which only the canvas reads.
  const source = (type === 'jpeg' && image.contentType === HEIC_TYPE ? current.path : image.path) as string
  // The header (dd) or getImageInfo gives pixel size and type; only the header gives PNG bit
  // depth, so the planner checks what it is given and the API refuses the rest.
  refuseGif(limits, type)
  const first = planImage(limits, {
    type,
    width: current.width,
    height: current.height,
    orientation: current.orientation,
    bytes: current.size ?? 0,
  })
  if (first.action === 'none') return { path: current.path, contentType: contentTypeOf(type), size: current.size }
  let plan = first
  // Over the pixel limits where compressImage cannot resize (my): the platform's canvas, if any.
  const onCanvas = device.platform !== 'weapp' && overPixelLimits(limits, current.width, current.height) && device.canResize()
  for (let i = 0; i < MAX_CONVERSIONS; i++) {
    const options = { quality: plan.quality, width: plan.width, height: plan.height }
    const out =
      onCanvas && plan.width && plan.height
        ? await resizeOnDevice(device, source, { quality: plan.quality, width: plan.width, height: plan.height })
        : await convertOnDevice(device, source, options)
    const fits = planImage(
      limits,
      { type: 'jpeg', width: out.width, height: out.height, bytes: out.size ?? 0 },
      { targetLongSide: Infinity },
    )
    if (fits.action === 'none') return { path: out.path, contentType: 'image/jpeg', size: out.size }
    if ((out.size ?? 0) <= limits.maxBytes) {
      // Small enough in bytes but not in pixels: this platform cannot resize on the device.
      const largest = `${limits.maxWidth ?? '?'}×${limits.maxHeight ?? '?'}`
      const client = device.platform === 'weapp' ? 'this WeChat version' : 'this app'
      throw new InputError(
        'ImageResolutionTooHigh',
        `The photo is ${out.width ?? '?'}×${out.height ?? '?'} px; ${limits.api} takes at most ${largest} and ${client} cannot resize photos on the phone`,
        'Choose a smaller photo (e.g. a screenshot) or crop it first.',
      )
    }
    plan = replanSmaller(limits, plan, out.size ?? 0)
  }
  throw new InputError(
    'ImageTooLarge',
    `The photo is still over ${limits.maxBytes} bytes after compression`,
    'Choose a smaller photo or crop it first.',
  )
}

/** One device re-encode (JPEG), with the result's pixel size and bytes. */
async function convertOnDevice(
  device: MiniProgramMedia,
  path: string,
  options: { quality: number; width?: number; height?: number },
): Promise<Photo> {
  return describeOutput(device, await device.compress(path, options))
}

/** One canvas resize to `width`×`height` (JPEG), with the result's pixel size and bytes. */
async function resizeOnDevice(
  device: MiniProgramMedia,
  path: string,
  options: { quality: number; width: number; height: number },
): Promise<Photo> {
  return describeOutput(device, await device.resize(path, options))
}

async function describeOutput(device: MiniProgramMedia, out: string): Promise<Photo> {
  const [facts, size] = await Promise.all([inspectOnDevice(device, out), device.fileSize(out)])
  return { path: out, contentType: 'image/jpeg', size, width: facts.width, height: facts.height, orientation: facts.orientation }
}

/**
 * A HEIC photo as a JPEG, drawn on the platform's canvas (my) at the size the operation keeps.
 * Elsewhere a clear refusal: neither WeChat's nor DingTalk's picker or getImageInfo pages name
 * HEIC (wx getImageInfo `type`: jpeg|png|gif|tiff|unknown), and their compressImage is not
 * documented to decode it (wx: iOS re-encodes only JPEG).
 */
async function heicToJpeg(device: MiniProgramMedia, image: Photo, limits: ImageLimits): Promise<Photo> {
  const shown = displayedSize({ width: image.width, height: image.height, orientation: image.orientation, bytes: 0 })
  if (!device.canResize() || !shown) {
    throw new InputError(
      'UnsupportedImageType',
      "HEIC photos (the iPhone camera's default) cannot be converted to JPEG in this app on this phone",
      'Choose a JPEG or PNG photo, e.g. a screenshot of it; on an iPhone, Settings › Camera › Formats › Most Compatible takes new photos as JPEG.',
    )
  }
  const plan = planImage(limits, { type: 'jpeg', ...shown, bytes: image.size ?? 0 })
  const size = plan.action === 'resize' ? { width: plan.width, height: plan.height } : shown
  return resizeOnDevice(device, image.path as string, { quality: 90, ...size })
}

/** Whether a `width`×`height` photo breaks the operation's documented pixel maximums. */
function overPixelLimits(limits: ImageLimits, width: number | undefined, height: number | undefined): boolean {
  if (!width || !height) return false
  return width > (limits.maxWidth ?? Infinity) || height > (limits.maxHeight ?? Infinity) || width * height > (limits.maxPixels ?? Infinity)
}

/** H5: the header from the file's first bytes, then a canvas when the plan says convert. */
async function prepareInBrowser(image: Photo, limits: ImageLimits): Promise<LocalImage> {
  const blob = await (await fetch(image.path as string)).blob()
  const header = readImageHeader(new Uint8Array(await blob.slice(0, 256 * 1024).arrayBuffer()))
  refuseGif(limits, header?.type)
  const first = planImage(limits, { ...header, bytes: blob.size })
  if (first.action === 'none') return { path: image.path, contentType: contentTypeOf(header!.type), size: blob.size }
  let plan = first
  let bitmap: ImageBitmap
  try {
    // Decoding applies the EXIF orientation, which is what the plan's sizes assume.
    bitmap = await createImageBitmap(blob)
  } catch {
    throw new InputError('UnsupportedImageType', 'The chosen file is not an image this browser can read', 'Choose a JPEG or PNG photo.')
  }
  for (let i = 0; i < MAX_CONVERSIONS; i++) {
    const canvas = document.createElement('canvas')
    canvas.width = plan.width ?? bitmap.width
    canvas.height = plan.height ?? bitmap.height
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
    const mime = contentTypeOf(plan.format)
    const out = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, mime, plan.quality / 100))
    if (!out) throw new InputError('ImageTooLarge', 'The browser could not encode the photo', 'Choose a smaller photo or crop it first.')
    if (out.size <= limits.maxBytes) return { path: URL.createObjectURL(out), contentType: mime, size: out.size }
    plan = replanSmaller(limits, plan, out.size)
  }
  throw new InputError(
    'ImageTooLarge',
    `The photo is still over ${limits.maxBytes} bytes after compression`,
    'Choose a smaller photo or crop it first.',
  )
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
      const link = document.createElement('a')
      link.href = URL.createObjectURL(blob)
      link.download = 'cutout.png'
      link.click()
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000)
    } catch {
      window.open(url, '_blank', 'noopener')
    }
    return
  }
  const res = await transport.downloadFile!({ url })
  if (!res.filePath) {
    throw new KitError('DownloadFailed', `Downloading the image answered ${res.status}`, {
      hint: 'Run it again; result URLs expire.',
      recovery: 'backoff',
    })
  }
  await media.saveToAlbum(res.filePath)
}

/** Opens the mini program's settings (to allow the album); false where the platform has none. */
export function openAppSettings(): Promise<boolean> {
  return media ? media.openSettings() : Promise.resolve(false)
}
