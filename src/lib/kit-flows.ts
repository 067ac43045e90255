import { InputError, KitError } from './errors'
import type { Clock } from './credentials/clock'
import type { MemoizedProvider } from './credentials/memoize'
import type { StsGrant } from './credentials/types'
import { isShanghaiOssUrl, ossUriOf } from './oss/shanghai-url'
import type { UploadedObject } from './oss/upload'
import type { Transport, UploadProgress } from './transport/types'
import { checkImageUrl, sniffImageType } from './viapi/image-checks'
import type { ImageLimits } from './viapi/image-limits'
import { moderationEndpointsFor, withRegionFallback } from './viapi/moderation-regions'
import {
  detectImageFacesOperation,
  textModerationPlusOperation,
  type FacesResult,
  type ModerationResult,
  type ModerationService,
} from './viapi/operations'
import { createRpcClient, type RefreshableCredentials, type RpcClientOptions } from './viapi/rpc-client'
import type { RpcSignatureVersion } from './viapi/rpc-request'

/** An image somewhere on the web; the kit decides whether the API can read it where it is. */
export interface RemoteImage {
  url: string
  /** Used when neither the server nor the bytes say it. @default sniffed, else 'image/jpeg' */
  contentType?: string
}

/** The progress shape the kit reports (`downloading` only for remote images outside Shanghai OSS). */
export type FlowPhase = 'downloading' | 'credentials' | 'uploading' | 'analyzing' | 'done'

export interface FlowRun {
  onProgress?: (update: { phase: FlowPhase; percent: number }) => void
  signal?: import('./transport/types').AbortSignalLike
}

export interface LocalImageLike {
  path: string | Uint8Array
  contentType: string
  size?: number
}

export interface KitFlowDeps {
  transport: Transport
  grant: MemoizedProvider<StsGrant>
  credentials: RefreshableCredentials
  clock: Clock
  signatureVersion?: RpcSignatureVersion
  explainError?: RpcClientOptions['explainError']
  sleep: (ms: number) => Promise<void>
  /** With `limits`, the image must fit that operation's documented input limits. */
  upload(image: LocalImageLike, run: FlowRun, limits?: ImageLimits): Promise<UploadedObject>
  /** IMM project the backend's session policy allows. */
  immProject?: string
  /** Moderation endpoints in the order to try; default: the grant's, then the region table. */
  moderationEndpoints?: string[]
}

const EXT_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', bmp: 'image/bmp' }

function guessType(url: string, declared: string | undefined, header: string | undefined, bytes: Uint8Array | undefined): string {
  if (declared) return declared
  const sniffed = bytes ? sniffImageType(bytes.subarray(0, 12)) : undefined
  if (sniffed) return sniffed
  const h = header?.split(';')[0].trim().toLowerCase()
  if (h && h.startsWith('image/')) return h
  const ext = url.split(/[?#]/)[0].split('.').pop()?.toLowerCase() ?? ''
  return EXT_TYPES[ext] ?? 'image/jpeg'
}

/**
 * The flows added on top of upload + call: images given by URL (used where they are when already
 * in Shanghai OSS, else downloaded and re-uploaded), text moderation with region fallback, and IMM
 * face detection on an uploaded object.
 */
export function createKitFlows(deps: KitFlowDeps) {
  // One attempt per region: the next region is the retry, so an outage costs one round trip, not three.
  const regional = createRpcClient({
    transport: deps.transport,
    credentials: deps.credentials,
    clock: deps.clock,
    signatureVersion: deps.signatureVersion,
    sleep: deps.sleep,
    maxAttempts: 1,
    explainError: deps.explainError,
  })
  const rpc = createRpcClient({
    transport: deps.transport,
    credentials: deps.credentials,
    clock: deps.clock,
    signatureVersion: deps.signatureVersion,
    sleep: deps.sleep,
    explainError: deps.explainError,
  })

  /** Downloads a remote image through the platform's downloadFile and uploads it to the grant's bucket. */
  async function uploadFromUrl(image: RemoteImage, run: FlowRun = {}, limits?: ImageLimits): Promise<UploadedObject> {
    checkImageUrl(image.url)
    const download = deps.transport.downloadFile
    if (!download) {
      throw new InputError('DownloadUnsupported', `The ${deps.transport.platform} transport cannot download files`, 'Pass a photo from the device, or an image already in OSS Shanghai.')
    }
    run.onProgress?.({ phase: 'downloading', percent: 0 })
    const res = await download.call(deps.transport, {
      url: image.url,
      signal: run.signal,
      onProgress: (p: UploadProgress) => run.onProgress?.({ phase: 'downloading', percent: p.percent }),
    })
    const path = res.bytes ?? res.filePath
    if (res.status < 200 || res.status >= 300 || path === undefined) {
      throw new InputError('DownloadFailed', `Downloading ${image.url.split('?')[0]} answered ${res.status}`, 'Check that the image URL is public and on the download allow-list.')
    }
    run.onProgress?.({ phase: 'downloading', percent: 100 })
    const contentType = guessType(image.url, image.contentType, res.contentType, res.bytes)
    return deps.upload({ path, contentType, size: res.bytes?.length }, run, limits)
  }

  /**
   * What a vision API gets for any accepted input, and the object the kit uploaded, if any. Images
   * the kit uploads must fit `limits` (the operation's); URLs are used as they are (not checked).
   */
  async function resolveImage(image: LocalImageLike | RemoteImage | string, run: FlowRun = {}, limits?: ImageLimits): Promise<{ imageUrl: string; object?: UploadedObject }> {
    if (typeof image === 'string') {
      checkImageUrl(image)
      return { imageUrl: image }
    }
    if ('url' in image) {
      const g = await deps.grant()
      if (isShanghaiOssUrl(image.url, g.oss.host)) {
        checkImageUrl(image.url)
        return { imageUrl: image.url }
      }
      const object = await uploadFromUrl(image, run, limits)
      return { imageUrl: object.url, object }
    }
    const object = await deps.upload(image, run, limits)
    return { imageUrl: object.url, object }
  }

  async function moderateText(content: string, options: FlowRun & { service?: ModerationService } = {}): Promise<ModerationResult> {
    if (content.trim() === '') throw new InputError('EmptyText', 'There is no text to check', 'Type something first.')
    if (content.length > 600) throw new InputError('TextTooLong', `The text has ${content.length} characters; at most 600 are checked at once`, 'Shorten the text or check it in parts.')
    const g = await deps.grant()
    const endpoints = deps.moderationEndpoints ?? moderationEndpointsFor(g.endpoints.moderation)
    options.onProgress?.({ phase: 'analyzing', percent: 100 })
    const op = textModerationPlusOperation
    const params = op.toParams({ service: options.service ?? 'comment_detection_pro', content })
    const body = await withRegionFallback(endpoints, (endpoint) => {
      const region = endpoint.match(/green-cip\.([a-z0-9-]+)\.aliyuncs\.com/)?.[1]
      return regional.call<Record<string, unknown>>(
        { endpoint, action: op.action, version: op.version, params: region ? { RegionId: region, ...params } : params },
        { signal: options.signal },
      )
    })
    const result = op.parseResult(body)
    options.onProgress?.({ phase: 'done', percent: 100 })
    return result
  }

  async function detectImageFaces(image: LocalImageLike | RemoteImage | string, options: FlowRun & { projectName?: string } = {}): Promise<FacesResult & { object?: UploadedObject }> {
    const projectName = options.projectName ?? deps.immProject
    if (!projectName) throw new KitError('NoImmProject', 'No IMM project given', { hint: 'Pass projectName or set immProject (the backend’s IMM_PROJECT).' })
    const { imageUrl, object } = await resolveImage(image, options, detectImageFacesOperation.imageLimits)
    const g = await deps.grant()
    const sourceUri = object ? `oss://${object.bucket}/${object.key}` : ossUriOf(imageUrl, g.oss)
    if (!sourceUri) throw new InputError('NotInOss', 'IMM reads images from OSS only', 'Upload the photo first, or pass an OSS Shanghai URL.')
    const endpoint = g.endpoints.imm
    if (!endpoint) throw new KitError('NoEndpoint', 'The backend gave no endpoint for "imm"', { hint: 'Set IMM_ENDPOINT on the backend.' })
    options.onProgress?.({ phase: 'analyzing', percent: 100 })
    const op = detectImageFacesOperation
    const body = await rpc.call<Record<string, unknown>>({ endpoint, action: op.action, version: op.version, params: op.toParams({ projectName, sourceUri }) }, { signal: options.signal })
    options.onProgress?.({ phase: 'done', percent: 100 })
    return { ...op.parseResult(body), object }
  }

  return { resolveImage, uploadFromUrl, moderateText, detectImageFaces }
}
