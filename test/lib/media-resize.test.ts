import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { createMiniProgramMedia, PlatformError } from '../../src/lib'
import { platformProfile } from '../../src/lib/platform'
import type { DeviceContext } from '../mp-host/device-apis'
import { createPlatformGlobal } from '../mp-host/platform-global'
import type { Platform } from '../fakes/mini-program-globals'

/**
 * `media.resize` (src/lib/platform/media.ts) over the headless host's fake globals
 * (test/mp-host/device-apis.ts), whose offscreen canvas does real image work with sharp: Alipay
 * scales on `my.createOffscreenCanvas` + `my.canvasToTempFilePath({canvas})`; DingTalk documents
 * no such API and refuses; WeChat resizes in compressImage and never touches a canvas.
 */
const PHOTO = 'https://resource/apmlphoto.image'

async function jpeg(width: number, height: number): Promise<Uint8Array> {
  const raw = Buffer.alloc(width * height * 3)
  for (let i = 0; i < raw.length; i += 3) raw[i] = (i / 3) % width > width / 2 ? 200 : 20
  return new Uint8Array(
    await sharp(raw, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer(),
  )
}

function host(platform: Platform, files = new Map<string, { data: Uint8Array; type?: string }>(), device: DeviceContext['device'] = {}) {
  const ctx: DeviceContext = {
    platform,
    files,
    device,
    mintLoginCode: () => 'code-1',
    nextPhoto: () => PHOTO,
    navigateTo: async () => {},
    navigateBack: async () => {},
    later: (fn) => void setTimeout(fn, 0),
  }
  const g = createPlatformGlobal(ctx)
  return {
    ...g,
    files,
    api: g.global as Record<string, any>,
    media: createMiniProgramMedia(g.global, platformProfile(platform)),
  }
}

const answer = (fn: (o: Record<string, unknown>) => unknown, options: Record<string, unknown> = {}) =>
  new Promise<{ ok: boolean; res: Record<string, any> }>((resolve) =>
    fn({ ...options, success: (res: never) => resolve({ ok: true, res }), fail: (res: never) => resolve({ ok: false, res }) }),
  )

describe('media.resize on Alipay (offscreen canvas)', () => {
  it('scales a 4000×3000 photo to 1999×1499 JPEG with the documented calls', async () => {
    const h = host('alipay', new Map([[PHOTO, { data: await jpeg(4000, 3000), type: 'image/jpeg' }]]))
    expect(h.media.canResize()).toBe(true)
    const out = await h.media.resize(PHOTO, { width: 1999, height: 1499, quality: 85 })
    const meta = await sharp(Buffer.from(h.files.get(out)!.data)).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1999, 1499])
    expect(h.calls.find((c) => c.api === 'canIUse')?.args).toEqual(['canvasToTempFilePath.object.canvas'])
    // The current page's form, `(width, height)`, and only it: the canvas came out at that size.
    expect(h.calls.filter((c) => c.api === 'createOffscreenCanvas').map((c) => c.args)).toEqual([[1999, 1999]])
    const exported = h.calls.find((c) => c.api === 'canvasToTempFilePath')!.options
    expect(exported).toMatchObject({
      x: 0,
      y: 0,
      width: 1999,
      height: 1499,
      destWidth: 1999,
      destHeight: 1499,
      fileType: 'jpg',
      quality: 0.85,
    })
    expect(exported.canvas).toBeTypeOf('object')
    expect(h.calls.filter((c) => c.api === 'compressImage')).toEqual([])
    expect(h.missing).toEqual([])
  })

  it('a client on the page before 2022-11 (one object): the positional call gives its 100×100 default, so the object form is used', async () => {
    const h = host('alipay', new Map([[PHOTO, { data: await jpeg(4000, 3000), type: 'image/jpeg' }]]), { offscreenCanvasForm: 'object' })
    const out = await h.media.resize(PHOTO, { width: 1999, height: 1499, quality: 85 })
    const meta = await sharp(Buffer.from(h.files.get(out)!.data)).metadata()
    expect([meta.width, meta.height]).toEqual([1999, 1499])
    expect(h.calls.filter((c) => c.api === 'createOffscreenCanvas').map((c) => c.args)).toEqual([
      [1999, 1999],
      [{ width: 1999, height: 1999, type: '2d' }],
    ])
  })

  it('a canvas that never comes out at the asked size: a PlatformError that says so, nothing drawn', async () => {
    const h = host('alipay', new Map([[PHOTO, { data: await jpeg(400, 300), type: 'image/jpeg' }]]))
    h.api.createOffscreenCanvas = () => ({ width: 100, height: 100, getContext: () => ({ drawImage() {} }), createImage: () => ({}) })
    const err = await h.media.resize(PHOTO, { width: 200, height: 150, quality: 80 }).catch((e) => e)
    expect(err).toBeInstanceOf(PlatformError)
    expect(err.message).toMatch(/no 200×200 canvas/)
    expect(h.calls.filter((c) => c.api === 'canvasToTempFilePath')).toEqual([])
  })

  it('keeps the decoded image the right way round (a portrait image asked for a landscape size)', async () => {
    const h = host('alipay', new Map([[PHOTO, { data: await jpeg(1200, 1600), type: 'image/jpeg' }]]))
    const out = await h.media.resize(PHOTO, { width: 600, height: 450, quality: 80 })
    const meta = await sharp(Buffer.from(h.files.get(out)!.data)).metadata()
    expect([meta.width, meta.height]).toEqual([450, 600])
  })

  it('a path that does not exist: the image fails to load, a PlatformError, no file', async () => {
    const h = host('alipay')
    const err = await h.media.resize('https://resource/apmlnothing.image', { width: 100, height: 100, quality: 80 }).catch((e) => e)
    expect(err).toBeInstanceOf(PlatformError)
    expect(err.message).toMatch(/did not load/)
    expect(h.calls.filter((c) => c.api === 'canvasToTempFilePath')).toEqual([])
  })
})

describe('media.resize where the platform has no canvas path', () => {
  it('DingTalk: canResize() is false and resize refuses, without reading an API dd does not have', async () => {
    const h = host('dd', new Map([[PHOTO, { data: await jpeg(400, 300), type: 'image/jpeg' }]]))
    expect(h.media.canResize()).toBe(false)
    const err = await h.media.resize(PHOTO, { width: 200, height: 150, quality: 80 }).catch((e) => e)
    expect(err).toBeInstanceOf(PlatformError)
    expect(err).toMatchObject({ platform: 'dd', detail: 'unsupported' })
    expect(h.api.createOffscreenCanvas).toBeUndefined()
    expect(h.missing).toEqual(['createOffscreenCanvas']) // only the test's own read above
    expect(h.calls).toEqual([])
  })

  it('WeChat: compressImage resizes, so canResize() is false and no canvas API is touched', () => {
    const h = host('weapp')
    expect(h.media.canResize()).toBe(false)
    expect(h.calls).toEqual([])
    expect(h.missing).toEqual([])
  })
})

describe("the host's fake offscreen canvas refuses what the platform refuses", () => {
  it('canvasToTempFilePath without canvas/canvasId, with a foreign canvas, or a region off the canvas', async () => {
    const h = host('alipay')
    expect((await answer(h.api.canvasToTempFilePath, { fileType: 'jpg' })).res).toMatchObject({ error: 2 })
    expect((await answer(h.api.canvasToTempFilePath, { canvas: {} })).res).toMatchObject({
      error: 1,
      errorMessage: 'canvas content or format wrong!',
    })
    const canvas = h.api.createOffscreenCanvas(10, 10)
    expect([canvas.width, canvas.height]).toEqual([10, 10])
    // The current page's runtime reads an object as no size: its 100×100 default.
    expect([h.api.createOffscreenCanvas({ width: 10, height: 10 }).width]).toEqual([100])
    expect((await answer(h.api.canvasToTempFilePath, { canvas, x: 5, width: 10 })).ok).toBe(false)
    // Nothing drawn: a transparent canvas, exported as PNG by default, named `apFilePath`.
    const empty = await answer(h.api.canvasToTempFilePath, { canvas })
    expect((await sharp(Buffer.from(h.files.get(empty.res.apFilePath)!.data)).metadata()).format).toBe('png')
  })

  it('contexts cannot be mixed with the canvas type; drawImage takes images from createImage only', () => {
    const h = host('weapp')
    expect(h.api.createOffscreenCanvas({ width: 10, height: 10 }).getContext('2d')).toBeNull() // wx default type: webgl
    const canvas = h.api.createOffscreenCanvas({ type: '2d', width: 10, height: 10 })
    expect(canvas.getContext('webgl')).toBeNull()
    expect(() => canvas.getContext('2d').drawImage('photo.jpg', 0, 0)).toThrow(TypeError)
    expect(() => h.api.createOffscreenCanvas({ type: '3d' })).toThrow(TypeError)
  })

  it('DingTalk has neither API', () => {
    const h = host('dd')
    expect(h.api.canIUse('createOffscreenCanvas')).toBe(false)
    expect(h.api.canIUse('canvasToTempFilePath')).toBe(false)
  })
})
