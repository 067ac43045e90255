import { InputError } from '../base/errors'
import type { MemoizedProvider } from '../credentials/memoize'
import type { StsGrant } from '../base/credentials'
import { isShanghaiOssUrl } from '../oss/shanghai-url'
import type { UploadedObject } from '../oss/upload'
import type { Transport, UploadProgress } from '../transport/types'
import { checkImageUrl, sniffImageType } from '../image/checks'
import { contentTypeOfPath, type ImageLimits } from '../image/limits'
import type { LocalImage, RemoteImage, RunOptions } from './types'

/** What turning an input into an image URL needs from the kit. */
export interface ImageInputDeps {
  transport: Transport
  grant: MemoizedProvider<StsGrant>
  /** With `limits`, the image must fit that operation's documented input limits. */
  upload(image: LocalImage, run: RunOptions, limits?: ImageLimits): Promise<UploadedObject>
  /** The URL the vision API reads an uploaded object by (the grant's `imageUrlRoute`). */
  imageUrlOf(object: UploadedObject): Promise<string>
}

/** A downloaded image's type: as declared, else as its bytes say, else its Content-Type, else its extension. */
export function guessType(url: string, declared: string | undefined, header: string | undefined, bytes: Uint8Array | undefined): string {
  if (declared) return declared
  const sniffed = bytes ? sniffImageType(bytes.subarray(0, 12)) : undefined
  if (sniffed) return sniffed
  const h = header?.split(';')[0].trim().toLowerCase()
  if (h && h.startsWith('image/')) return h
  return contentTypeOfPath(url) || 'image/jpeg'
}

/** Downloads a remote image through the platform's downloadFile and uploads it to the grant's bucket. */
export async function uploadFromUrl(
  deps: ImageInputDeps,
  image: RemoteImage,
  run: RunOptions = {},
  limits?: ImageLimits,
): Promise<UploadedObject> {
  checkImageUrl(image.url)
  const download = deps.transport.downloadFile
  if (!download) {
    throw new InputError(
      'DownloadUnsupported',
      `The ${deps.transport.platform} transport cannot download files`,
      'Pass a photo from the device, or an image already in OSS Shanghai.',
    )
  }
  run.onProgress?.({ phase: 'downloading', percent: 0 })
  const res = await download.call(deps.transport, {
    url: image.url,
    signal: run.signal,
    onProgress: (p: UploadProgress) => run.onProgress?.({ phase: 'downloading', percent: p.percent }),
  })
  const path = res.bytes || res.filePath
  if (res.status < 200 || res.status >= 300 || path === undefined) {
    throw new InputError(
      'DownloadFailed',
      `Downloading ${image.url.split('?')[0]} answered ${res.status}`,
      'Check that the image URL is public and on the download allow-list.',
    )
  }
  run.onProgress?.({ phase: 'downloading', percent: 100 })
  const contentType = guessType(image.url, image.contentType, res.contentType, res.bytes)
  return deps.upload({ path, contentType, size: res.bytes?.length }, run, limits)
}

/**
 * An image by URL, and the object the kit uploaded for it, if any. For an uploaded object the URL
 * is the object's own; `runOnImage` makes the one the API reads (`imageUrlOf`) for each attempt.
 */
export interface ResolvedImage {
  imageUrl: string
  object?: UploadedObject
}

/**
 * A photo on the device is uploaded (it must fit `limits`, the operation's); a string is an image
 * URL used as it is. No downloading: what `createKitCore` takes.
 */
export async function resolveLocalImage(
  deps: Pick<ImageInputDeps, 'upload'>,
  image: LocalImage | string,
  run: RunOptions = {},
  limits?: ImageLimits,
): Promise<ResolvedImage> {
  if (typeof image === 'string') {
    checkImageUrl(image)
    return { imageUrl: image }
  }
  const object = await deps.upload(image, run, limits)
  return { imageUrl: object.url, object }
}

/**
 * What a vision API gets for any accepted input, and the object the kit uploaded, if any: a string
 * is used as it is; `{url}` as it is when in Shanghai OSS, else downloaded and uploaded; a photo is
 * uploaded. Images the kit uploads must fit `limits` (the operation's); URLs are not checked.
 */
export async function resolveImage(
  deps: ImageInputDeps,
  image: LocalImage | RemoteImage | string,
  run: RunOptions = {},
  limits?: ImageLimits,
): Promise<ResolvedImage> {
  if (typeof image === 'string' || !('url' in image)) return resolveLocalImage(deps, image, run, limits)
  const grant = await deps.grant()
  if (isShanghaiOssUrl(image.url, grant.oss.host)) {
    checkImageUrl(image.url)
    return { imageUrl: image.url }
  }
  const object = await uploadFromUrl(deps, image, run, limits)
  return { imageUrl: object.url, object }
}
