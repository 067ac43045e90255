import { InputError, KitError, type MiniProgramMedia } from '../lib'
import { contentTypeOf, isHeif, readImageHeader } from '../lib/image'

/** What the phone can tell about a local image before any upload. */
export interface DeviceFacts {
  contentType?: string
  width?: number
  height?: number
  /** EXIF orientation 1…8, where the header tells (the sizes above are as stored). */
  orientation?: number
}

export const HEIC_TYPE = 'image/heic'

const notAnImage = (why: string) =>
  new InputError('NotAnImage', `The chosen file is not an image the phone can read (${why})`, 'Choose a photo (JPEG or PNG) instead.')

/**
 * Type, pixels and orientation of a local image, from the sources its platform documents:
 * 1. its first bytes, where the platform documents reading a file (dd FileSystemManager.readFile),
 *    through the core's `readImageHeader` — the same code on every platform;
 * 2. getImageInfo, where its page allows the path (wx, my: local paths; dd: network paths only).
 * "Not an image" is said only when the bytes (or the phone's decoder) say so; when nothing can
 * tell, the facts stay empty and the photo goes up within the byte limits for the cloud to judge.
 */
export async function inspectOnDevice(device: MiniProgramMedia, path: string): Promise<DeviceFacts> {
  const head = await device.readHead(path).catch(() => undefined)
  let facts: DeviceFacts = {}
  if (head?.length) {
    const header = readImageHeader(head)
    if (header)
      facts = { contentType: contentTypeOf(header.type), width: header.width, height: header.height, orientation: header.orientation }
    else if (isHeif(head)) facts = { contentType: HEIC_TYPE }
    else throw notAnImage('its first bytes are not a JPEG, PNG, GIF, BMP, WebP or HEIC header')
  }
  if ((facts.width && facts.height) || !device.canInspect(path)) return facts
  try {
    const info = await device.photoInfo(path)
    return { ...facts, contentType: facts.contentType ?? info.contentType, width: info.width, height: info.height }
  } catch (err) {
    if (facts.contentType) return facts
    // The platform's decoder read the bytes and could not make an image of them.
    throw notAnImage(err instanceof KitError ? err.message : String(err))
  }
}
