import { InputError, ServiceError } from '../base/errors'
import { makeObjectKey } from '../oss/object-key'
import { postObject, type UploadedObject } from '../oss/upload'
import { withRecovery, withoutRetry } from '../base/retry'
import { checkImageFile, sniffImageType } from '../image/checks'
import { checkImageFits } from '../image/fit'
import { readImageHeader } from '../image/header'
import type { ImageLimits } from '../image/limits'
import type { LocalImage, RunOptions, UploadDeps, UploadMode, UploadReport } from './types'

/**
 * Type and size checks before any request, against the operation's documented limits when one
 * is named; bytes in hand are measured, sniffed, and their header checked (pixel size, PNG layout).
 */
export function checkLocalImage(image: LocalImage, limits?: ImageLimits): number | undefined {
  const bytes = typeof image.path === 'string' ? undefined : image.path
  const size = image.size ?? bytes?.length
  checkImageFile(image.contentType, size, limits)
  if (bytes) {
    const sniffed = sniffImageType(bytes.subarray(0, 12))
    if (sniffed !== image.contentType.toLowerCase()) {
      throw new InputError(
        sniffed ? 'ImageTypeMismatch' : 'NotAnImage',
        sniffed ? `The file says "${image.contentType}" but its bytes are ${sniffed}` : 'The file is not a JPEG, PNG, BMP or GIF image',
        'Choose a photo (JPEG or PNG) and try again.',
      )
    }
    const header = limits && readImageHeader(bytes.subarray(0, 256 * 1024))
    if (limits && header) checkImageFits(limits, { ...header, bytes: size ?? bytes.length })
  }
  return size
}

/** Signed by the client with its STS secret, with the recoveries a PostObject needs. */
async function uploadWithSts(
  deps: UploadDeps,
  image: LocalImage,
  size: number | undefined,
  run: RunOptions,
  report: UploadReport,
): Promise<UploadedObject> {
  const first = await deps.grant()
  // One key for every attempt: a retry overwrites its own earlier try, never leaves a second object.
  const key = makeObjectKey(first.oss.keyPrefix, image.contentType, deps.clock.now())
  let g = first
  const attempt = async () => {
    // Read the grant on every attempt: a concurrent upload may have replaced it meanwhile, and a
    // request must never be signed with credentials the provider already replaced.
    g = await withoutRetry(deps.grant())
    report.starts()
    return postObject({
      transport: deps.transport,
      credentials: g.credentials,
      oss: g.oss,
      filePath: image.path,
      contentType: image.contentType,
      size,
      now: deps.clock.now(),
      key,
      formSigners: deps.formSigners,
      signal: run.signal,
      timeoutMs: deps.timeoutMs,
      onProgress: report.onProgress,
    })
  }
  return withRecovery(attempt, {
    maxAttempts: deps.attempts,
    sleep: deps.sleep,
    random: deps.random,
    signal: run.signal,
    // `g` is the grant the refused attempt was signed with: refreshed once, even when ten
    // uploads find it stale together.
    onRefresh: () => deps.grant.refresh(g),
    onResync: (err) => {
      if (err instanceof ServiceError && err.serverDate) deps.clock.learn(err.serverDate)
    },
    request: () => ({ method: 'POST', url: g.oss.host }),
  })
}

/** The default upload mode: the client signs each PostObject with its STS secret (`ossFormSigners`). */
export const stsUploads: UploadMode = { mode: 'sts', upload: uploadWithSts }

/**
 * Uploads a photo in `deps.mode` (signed by the client with its STS secret, or by the backend),
 * with the upload's retries; with `limits` (an operation's `imageLimits`) it must fit them first.
 */
export async function uploadImage(
  deps: UploadDeps,
  image: LocalImage,
  run: RunOptions = {},
  limits?: ImageLimits,
): Promise<UploadedObject> {
  const size = checkLocalImage(image, limits)
  run.onProgress?.({ phase: 'credentials', percent: 0 })
  const report: UploadReport = {
    onProgress: (p) => run.onProgress?.({ phase: 'uploading', percent: p.percent }),
    starts: () => {
      if (deps.transport.uploadProgress === false) run.onProgress?.({ phase: 'uploading', percent: 0, indeterminate: true })
    },
  }
  return (deps.mode || stsUploads).upload(deps, image, size, run, report)
}
