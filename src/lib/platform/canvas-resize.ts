import { textOf } from '../base/text'
import { callMedia, cannotResize, fileOf, type MiniProgramMediaGlobal } from './media-call'
import type { MediaCalls, MiniProgramPlatform, PhotoResizer, PlatformProfile, ResizeOptions } from './profile'

/**
 * What `resize` uses of an offscreen canvas and of the image it creates (Alipay: OffscreenCanvas.getContext,
 * OffscreenCanvas.createImage, Image). typecheck/platform-typings.check.ts checks these names against @mini-types/my.
 */
export interface OffscreenCanvasUse {
  getContext(type: '2d'): { drawImage(image: unknown, dx: number, dy: number, dw: number, dh: number): void } | null
  createImage(): CanvasImageUse
}
export interface CanvasImageUse {
  src: string
  width: number
  height: number
  onload: (() => void) | null
  onerror: ((err?: unknown) => void) | null
}

function canResizeOn(api: MiniProgramMediaGlobal, calls: MediaCalls): boolean {
  // Platforms whose table has no canvas entries never read the global for them (the host records such reads).
  if (!calls.createOffscreenCanvas || !calls.canvasToTempFilePath) return false
  if (typeof api.createOffscreenCanvas !== 'function' || typeof api.canvasToTempFilePath !== 'function') return false
  return typeof api.canIUse === 'function' && api.canIUse('canvasToTempFilePath.object.canvas') === true
}

/** Loads `path` into an image of `canvas` (its `onload` / `onerror`, as the Image doc shows). */
function loadImage(platform: MiniProgramPlatform, canvas: OffscreenCanvasUse, path: string): Promise<CanvasImageUse> {
  return new Promise((resolve, reject) => {
    const image = canvas.createImage()
    image.onload = () => resolve(image)
    image.onerror = (err?: unknown) =>
      reject(
        cannotResize(
          platform,
          `the image did not load: ${err instanceof Error ? err.message : textOf(err && (err as { errorMessage?: unknown }).errorMessage) || 'onerror'}`,
        ),
      )
    image.src = path
  })
}

/** The first call form that gives a `side`×`side` canvas (a form the runtime does not read gives its default size). */
function makeCanvas(api: MiniProgramMediaGlobal, forms: unknown[][], side: number, platform: MiniProgramPlatform): OffscreenCanvasUse {
  for (const args of forms) {
    try {
      const canvas = api.createOffscreenCanvas!(...args) as OffscreenCanvasUse & { width?: number; height?: number }
      if (canvas.width === side && canvas.height === side) return canvas
    } catch {
      // A form this runtime refuses: try the next.
    }
  }
  throw cannotResize(platform, `no ${side}×${side} canvas`)
}

/**
 * Scales on an offscreen canvas and exports a JPEG (my). A square canvas: the decoded image may be
 * the other way round from getImageInfo's sizes (EXIF orientation), and the doc'd canvas size
 * cannot change after creation (typings: readonly). Only the drawn region is exported.
 */
async function resizeOnCanvas(
  api: MiniProgramMediaGlobal,
  profile: PlatformProfile,
  path: string,
  options: ResizeOptions,
): Promise<string> {
  const { createOffscreenCanvas: createCanvas, canvasToTempFilePath: toFile } = profile.media
  const platform = profile.name
  if (!createCanvas || !toFile || !canResizeOn(api, profile.media)) throw cannotResize(platform, 'unsupported')
  const width = Math.max(1, Math.round(options.width))
  const height = Math.max(1, Math.round(options.height))
  const quality = Math.max(0.01, Math.min(1, options.quality / 100))
  const side = Math.max(width, height)
  const canvas = makeCanvas(api, createCanvas.forms(side, side), side, platform)
  const context = canvas.getContext && canvas.getContext('2d')
  if (!context) throw cannotResize(platform, 'no 2d context')
  const image = await loadImage(platform, canvas, path)
  const swap = image.width > 0 && image.height > 0 && image.width >= image.height !== width >= height
  const region = swap ? { width: height, height: width } : { width, height }
  context.drawImage(image, 0, 0, region.width, region.height)
  return callMedia(api, profile, 'canvasToTempFilePath', toFile.options(canvas, region, quality), (res) =>
    fileOf(platform, 'canvasToTempFilePath', toFile.read(res)),
  )
}

/**
 * Resizing on an offscreen 2D canvas (my: `createOffscreenCanvas` → `createImage` → `drawImage` →
 * `canvasToTempFilePath({canvas})`, docs/platform-contracts.md). Only the Alipay profile carries
 * it, so the WeChat and DingTalk builds link none of this.
 */
export const canvasResizer: PhotoResizer = {
  available: (api, profile) => canResizeOn(api, profile.media),
  resize: resizeOnCanvas,
}
