import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { createMiniProgramMedia, InputError } from '../../src/lib'
import { platformProfile } from '../../src/lib/platform'
import { inspectOnDevice } from '../../src/services/photo-facts'
import type { Platform } from '../fakes/mini-program-globals'
import type { DeviceContext, DeviceSetup } from '../mp-host/device-apis'
import { createPlatformGlobal } from '../mp-host/platform-global'
import { makeHeicPhoto, makePhonePhoto } from '../support/images'

/**
 * What the app learns about a picked photo before any upload (src/services/photo-facts.ts), over
 * the headless host's globals: on DingTalk from the file's first bytes through
 * FileSystemManager.readFile, since the current dd.getImageInfo page takes network paths only
 * (jsapi-get-image-info: "目前仅支持网络图片路径"); on WeChat and Alipay from getImageInfo.
 */
const PHOTO = 'https://resource/apmlphoto.image'

function host(platform: Platform, file: { data: Uint8Array; type?: string; decoded?: Uint8Array }, device: DeviceSetup = {}) {
  const files = new Map([[PHOTO, file]])
  const ctx: DeviceContext = {
    platform,
    files,
    device,
    mintLoginCode: () => 'c',
    nextPhoto: () => PHOTO,
    navigateTo: async () => {},
    navigateBack: async () => {},
    later: (fn) => void setTimeout(fn, 0),
  }
  const g = createPlatformGlobal(ctx)
  const apis = () => g.calls.map((c) => c.api)
  return { ...g, apis, media: createMiniProgramMedia(g.global, platformProfile(platform)) }
}

describe('photo facts on DingTalk, whose getImageInfo refuses local paths', () => {
  it('a 12 MP phone photo: type, pixels and orientation from its header, read through the file manager; getImageInfo never asked', async () => {
    const jpeg = new Uint8Array(
      await sharp(await makePhonePhoto({ width: 4000, height: 3000, maxBytes: 5_000_000 }))
        .withMetadata({ orientation: 6 })
        .jpeg({ quality: 90 })
        .toBuffer(),
    )
    const h = host('dd', { data: jpeg, type: 'image/jpeg' })
    expect(await inspectOnDevice(h.media, PHOTO)).toEqual({ contentType: 'image/jpeg', width: 4000, height: 3000, orientation: 6 })
    expect(h.apis()).toEqual(['getFileSystemManager', 'FileSystemManager.readFile'])
    expect(h.calls[1].options).toEqual({ filePath: PHOTO, success: expect.any(Function), fail: expect.any(Function) })
    expect(await h.media.fileSize(PHOTO)).toBe(jpeg.byteLength)
    expect(h.apis()).toContain('FileSystemManager.getFileInfo')
    expect(h.missing).toEqual([])
  })

  it('a text file named like a photo: "not an image" because its bytes say so', async () => {
    const h = host('dd', { data: new TextEncoder().encode('not a photo, just text'), type: 'image/jpeg' })
    const err = await inspectOnDevice(h.media, PHOTO).catch((e) => e)
    expect(err).toBeInstanceOf(InputError)
    expect(err.code).toBe('NotAnImage')
  })

  it('an iPhone HEIC photo is recognised as HEIC, not as "not an image"', async () => {
    const h = host('dd', await makeHeicPhoto())
    expect(await inspectOnDevice(h.media, PHOTO)).toEqual({ contentType: 'image/heic' })
  })

  it('when nothing can read it (no file manager on an old client, getImageInfo refusing the path): no facts, no error', async () => {
    const h = host('dd', { data: new Uint8Array(await makePhonePhoto({ width: 800, height: 600 })), type: 'image/jpeg' })
    delete h.global.getFileSystemManager
    expect(await inspectOnDevice(h.media, PHOTO)).toEqual({})
    expect(h.apis()).not.toContain('getImageInfo')
  })

  it('a client whose readFile takes user files only (as its pages word it): no facts for a picked photo, and no "not an image"', async () => {
    const h = host('dd', { data: new TextEncoder().encode('text'), type: 'image/jpeg' }, { ddReadFileUserFilesOnly: true })
    expect(await inspectOnDevice(h.media, PHOTO)).toEqual({})
    expect(h.apis()).toEqual(['getFileSystemManager', 'FileSystemManager.readFile'])
  })

  it('a client that still takes local paths in getImageInfo is not asked: the header already told', async () => {
    const h = host(
      'dd',
      { data: new Uint8Array(await makePhonePhoto({ width: 800, height: 600 })), type: 'image/jpeg' },
      { ddImageInfoTakesLocalPaths: true },
    )
    expect(await inspectOnDevice(h.media, PHOTO)).toMatchObject({ width: 800, height: 600 })
    expect(h.apis()).not.toContain('getImageInfo')
  })
})

describe('photo facts on Alipay and WeChat: getImageInfo, which takes local paths there', () => {
  it('Alipay names a HEIC photo `heic` and gives its pixels', async () => {
    const h = host('alipay', await makeHeicPhoto({ width: 3024, height: 4032 }))
    expect(await inspectOnDevice(h.media, PHOTO)).toEqual({ contentType: 'image/heic', width: 3024, height: 4032 })
    expect(h.apis()).toEqual(['getImageInfo'])
  })

  it('WeChat: a file its decoder cannot read is not an image', async () => {
    const h = host('weapp', { data: new TextEncoder().encode('text') })
    const err = await inspectOnDevice(h.media, PHOTO).catch((e) => e)
    expect(err.code).toBe('NotAnImage')
  })
})
