import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { MiniProgramHost } from '../mp-host/host'
import sharp from 'sharp'
import { expectClean, launch, openService, PHOTO_PATH, PLATFORMS, setUpSuite, stackAllowList, uploadPercents, type Suite } from './harness'
import { makeHeicPhoto, makePhonePhoto } from '../support/images'

/**
 * The WeChat, Alipay and DingTalk builds, each run in the headless host (test/mp-host) against the
 * real backend + emulator: login, both flows, a forced upload failure with retry — and the raw
 * platform calls each build makes.
 */
let suite: Suite
let host: MiniProgramHost | undefined

beforeAll(async () => {
  suite = await setUpSuite((line) => console.log(line))
}, 400_000)

afterAll(async () => {
  await suite?.stack.close()
})

afterEach(() => {
  host?.close()
  host = undefined
})

/**
 * After a refused input only "choose another" helps: no retry (the same file fails the same way)
 * and no preview of a file that may not be a picture at all.
 */
function expectChooseAnotherOnly(app: MiniProgramHost) {
  expect(app.find('retry')).toBeUndefined()
  expect(app.find('preview')).toBeUndefined()
  expect(app.find('original')).toBeUndefined()
  expect(app.text('choose-photo')).toBe('换一张照片')
}

const GLOBAL = { weapp: 'wx', alipay: 'my', dd: 'dd' } as const
/** The picker each platform documents: wx.chooseImage is unmaintained since base library 2.21.0. */
const PICKER = { weapp: 'chooseMedia', alipay: 'chooseImage', dd: 'chooseImage' } as const

describe.each(PLATFORMS)('%s build in the mini-program host', (platform) => {
  it('launches, logs in with the platform code and shows the backend as connected', async () => {
    const loginsBefore = suite.stack.emulator!.counters().login
    host = await launch(suite, platform)
    await host.waitFor(() => host!.text('backend-status') === '正常', '#backend-status = 正常')
    expect(host.text()).toContain('银行卡识别')
    // The app logs in at launch (kit.prefetch): the platform's own login API, then our backend.
    await host.waitFor(() => host!.callsOf('setStorageSync').length > 0, 'the session to be stored')
    if (platform === 'weapp') {
      expect(host.callsOf('login')).toHaveLength(1)
      expect(host.callsOf('getAuthCode')).toHaveLength(0)
    } else {
      expect(host.callsOf('getAuthCode')).toHaveLength(1)
      expect(host.callsOf('login')).toHaveLength(0)
      if (platform === 'alipay') expect(host.callsOf('getAuthCode')[0].options.scopes).toBe('auth_base')
    }
    // DingTalk: dd.httpRequest, its documented request API; wx/my: request.
    const loginRequest = host
      .callsOf(platform === 'dd' ? 'httpRequest' : 'request')
      .find((c) => String(c.options.url).endsWith('/api/login'))
    expect(loginRequest).toBeDefined()
    expect(JSON.parse(loginRequest!.options.data)).toMatchObject({ platform })
    // The backend exchanged the code with the (emulated) platform login provider.
    expect(suite.stack.emulator!.counters().login).toBeGreaterThan(loginsBefore)
    expectClean(host)
  })

  it('bank card: pick a photo → upload with progress → masked number and bank', async () => {
    host = await launch(suite, platform)
    await openService(host, suite, 'go-bank-card', suite.bigPhoto)
    host.tap('choose-photo')
    await host.waitForElement('card-number', 20_000)
    expect(host.text('card-number')).toMatch(/^\d{4} \*{4} \*{4} \d{4}$/)
    expect(host.text('bank-name')).toMatch(/银行/)
    expect(host.text('valid-date')).toMatch(/^\d{2}\/\d{2}$/)
    expect(host.find('emulated-note')).toBeDefined()

    const percents = uploadPercents(host)
    if (platform === 'dd') {
      // dd.uploadFile has no UploadTask: no percentage at all, an honest busy state instead.
      expect(percents).toEqual([])
      expect(host.history.some(({ text }) => text.includes('此平台不报告上传进度'))).toBe(true)
    } else {
      // The user saw the bar move: several distinct percentages, rising, ending at 100.
      expect(percents.length).toBeGreaterThan(2)
      expect(percents.at(-1)).toBe(100)
      expect([...percents].sort((a, b) => a - b)).toEqual(percents)
    }

    const uploads = host.callsOf('uploadFile')
    expect(uploads).toHaveLength(1)
    const upload = uploads[0].options
    expect(upload.filePath).toBe(PHOTO_PATH[platform])
    expect(upload.formData).toMatchObject({ key: expect.any(String), policy: expect.any(String) })
    if (platform === 'weapp') {
      expect(upload.name).toBe('file')
      expect(upload.fileName).toBeUndefined()
    } else if (platform === 'alipay') {
      expect(upload).toMatchObject({ name: 'file', fileName: 'file', fileType: 'image', hideLoading: true })
    } else {
      expect(upload).toMatchObject({ fileName: 'file', fileType: 'image' })
    }
    expect(host.callsOf(PICKER[platform])).toHaveLength(1)
    if (platform === 'weapp') expect(host.callsOf('chooseImage')).toHaveLength(0)
    // The real type and pixel size come from the decoder (wx, my) or the file's header (dd, whose
    // getImageInfo takes network paths only), not from the picker (which names no type).
    if (platform === 'dd') {
      expect(host.callsOf('getImageInfo')).toHaveLength(0)
      expect(host.callsOf('FileSystemManager.readFile')[0].options).toMatchObject({ filePath: PHOTO_PATH[platform] })
    } else expect(host.callsOf('getImageInfo')[0].options).toMatchObject({ src: PHOTO_PATH[platform] })
    expect(upload.formData['Content-Type']).toBe('image/jpeg')

    host.tap('reveal')
    await host.waitFor(() => /^[\d ]{19,23}$/.test(host!.text('card-number')), 'the full card number')
    expectClean(host)
  })

  it('segment: the cut-out PNG URL is shown and serves a PNG', async () => {
    host = await launch(suite, platform)
    await openService(host, suite, 'go-segment')
    host.tap('choose-photo')
    const cutout = await host.waitForElement('cutout', 20_000)
    // Image props may be renamed to short aliases in the data; the URL is whichever prop holds it.
    const url = Object.values(cutout).find((v): v is string => typeof v === 'string' && /\/results\/[^/]+\.png$/.test(v))
    expect(url).toBeDefined()
    const res = await fetch(url!)
    expect(res.status).toBe(200)
    expect([...new Uint8Array(await res.arrayBuffer()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
    expect(host.find('original')).toBeDefined()

    // Save: download the cut-out (each platform names the temp file differently), then save the local file.
    host.tap('save')
    await host.waitFor(() => host!.album.length === 1, 'the cut-out in the album')
    expect([...host.album[0].data.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
    expect(host.callsOf('saveImageToPhotosAlbum')[0].options.filePath).toBe(host.album[0].path)
    await host.waitFor(() => host!.text('save') === '已保存', 'the button to say saved')
    expectClean(host)
  })

  it('save refused: album permission denied → a plain message; where there is a settings page, it opens and the next save works', async () => {
    host = await launch(suite, platform, undefined, { device: { albumDenied: true } })
    await openService(host, suite, 'go-segment')
    host.tap('choose-photo')
    await host.waitForElement('cutout', 20_000)
    host.tap('save')
    await host.waitForElement('save-error')
    // DingTalk names no permission error for saving (only 17 "save failed"): the message says so.
    expect(host.text('save-error-title')).toBe(platform === 'dd' ? '保存失败' : '没有相册权限')
    expect(host.album).toHaveLength(0)
    if (platform === 'dd') {
      // DingTalk documents no openSetting: the message points at the system settings instead.
      expect(host.find('open-settings')).toBeUndefined()
      expect(host.text('save-error-action')).toContain('系统设置')
    } else {
      host.tap('open-settings')
      await host.waitFor(() => host!.callsOf('openSetting').length === 1, 'the settings page')
      host.tap('save')
      await host.waitFor(() => host!.album.length === 1, 'the cut-out in the album')
    }
    expectClean(host)
  })

  it('a host missing from the console allow-list: the app names it and where to add it, and does not retry', async () => {
    // Everything but the cloud (emulator) origin: the upload is the first call that goes there.
    const full = stackAllowList(suite, platform)
    host = await launch(suite, platform, undefined, { allowList: { ...full, uploadFile: [] } })
    await openService(host, suite, 'go-bank-card')
    host.tap('choose-photo')
    await host.waitForElement('error-notice', 20_000)
    expect(host.text('error-title')).toBe('域名未加入小程序白名单')
    expect(host.text('error-action-detail')).toContain(suite.stack.emulatorUrl!)
    expect(host.text('error-action-detail')).toContain(
      platform === 'weapp' ? 'uploadFile合法域名' : platform === 'alipay' ? '服务器域名白名单' : 'HTTP 可信域名',
    )
    expect(host.callsOf('uploadFile')).toHaveLength(1)
    expectClean(host)
  })

  it('a PNG is uploaded as a PNG: the type comes from getImageInfo, not the file name', async () => {
    host = await launch(suite, platform)
    const png = new Uint8Array(await sharp(Buffer.from(suite.photo)).png().toBuffer())
    host.tap('go-bank-card')
    await host.waitFor(() => host!.pages.length === 2 && host!.find('choose-photo'), 'the bank-card page')
    // Platform temp paths say nothing reliable about the type (Alipay/DingTalk: `…image`).
    host.pickPhoto(PHOTO_PATH[platform], png, 'image/png')
    host.tap('choose-photo')
    await host.waitForElement('card-number', 20_000)
    const form = host.callsOf('uploadFile')[0].options.formData
    expect(form['Content-Type']).toBe('image/png')
    expect(form.key).toMatch(/\.png$/)
    expectClean(host)
  })

  it('a forced OSS failure shows the error; retry reuses the photo and succeeds', async () => {
    host = await launch(suite, platform)
    await openService(host, suite, 'go-bank-card')
    suite.stack.emulator!.setFaults({ rules: [{ service: 'oss', kind: 'error5xx', status: 503 }] })
    try {
      host.tap('choose-photo')
      await host.waitForElement('error-notice', 20_000)
      expect(host.text('error-title')).toBe('识别失败')
      expect(host.text('error-detail')).toMatch(/ServiceUnavailable|InternalError/)
    } finally {
      suite.stack.emulator!.clearFaults()
    }
    const uploadsBefore = host.callsOf('uploadFile').length
    host.tap('retry')
    await host.waitForElement('card-number', 20_000)
    expect(host.find('error-notice')).toBeUndefined()
    expect(host.callsOf(PICKER[platform])).toHaveLength(1)
    expect(host.callsOf('uploadFile').length).toBeGreaterThan(uploadsBefore)
    expectClean(host)
  })

  it("a photo over 3 MB is compressed on the device, in the platform's own API shape, then recognized", async () => {
    host = await launch(suite, platform)
    await openService(host, suite, 'go-bank-card', suite.hugePhoto)
    host.tap('choose-photo')
    await host.waitForElement('card-number', 20_000)
    const compress = host.callsOf('compressImage')
    expect(compress.length).toBeGreaterThan(0)
    if (platform === 'weapp') expect(compress[0].options).toMatchObject({ src: PHOTO_PATH[platform], quality: expect.any(Number) })
    else if (platform === 'alipay')
      expect(compress[0].options).toMatchObject({ apFilePaths: [PHOTO_PATH[platform]], compressLevel: expect.any(Number) })
    // DingTalk takes and answers `filePaths` (dd-compressimage), not Alipay's apFilePaths.
    else expect(compress[0].options).toMatchObject({ filePaths: [PHOTO_PATH[platform]], compressLevel: expect.any(Number) })
    const uploaded = host.callsOf('uploadFile')[0].options.filePath as string
    expect(uploaded).not.toBe(PHOTO_PATH[platform])
    expect(host.files.get(uploaded)!.data.byteLength).toBeLessThanOrEqual(3 * 1024 * 1024)
    expectClean(host)
  })

  it('cancelling the photo picker is not an error', async () => {
    host = await launch(suite, platform)
    host.tap('go-bank-card')
    await host.waitFor(() => host!.pages.length === 2 && host!.find('choose-photo'), 'the bank-card page')
    host.pickPhoto('cancel')
    host.tap('choose-photo')
    await host.waitFor(() => host!.callsOf(PICKER[platform]).length === 1, 'the picker to open')
    await new Promise((r) => setTimeout(r, 200))
    expect(host.find('error-notice')).toBeUndefined()
    expect(host.callsOf('uploadFile')).toHaveLength(0)
    expect(host.text('choose-photo')).toBe('拍照或选择照片')
    expectClean(host)
  })

  it('a 12 MP phone photo (4000×3000, ~4 MB): bank card is recognized from a photo prepared on the phone', async () => {
    host = await launch(suite, platform)
    await openService(host, suite, 'go-bank-card', suite.phonePhoto)
    host.tap('choose-photo')
    await host.waitForElement('card-number', 30_000)
    const sent = host.files.get(host.callsOf('uploadFile')[0].options.filePath)!.data
    expect(sent.byteLength).toBeLessThanOrEqual(3 * 1024 * 1024)
    const meta = await sharp(Buffer.from(sent)).metadata()
    // WeChat resizes to the bank-card target (compressedWidth/compressedHeight); Alipay and
    // DingTalk's compressImage only re-encodes, which is enough: RecognizeBankCard sets no pixel limit.
    if (platform === 'weapp') {
      expect(Math.max(meta.width, meta.height)).toBe(1600)
      expect(host.callsOf('compressImage')[0].options).toMatchObject({ compressedWidth: 1600, compressedHeight: 1200 })
    }
    expectClean(host)
  })

  it('a 12 MP phone photo for segmentation (at most 1999 px): fitted where the platform can resize, else a clear refusal before upload', async () => {
    host = await launch(suite, platform)
    await openService(host, suite, 'go-segment', suite.phonePhoto)
    host.tap('choose-photo')
    if (platform === 'dd') {
      // DingTalk's compressImage has no size option and DingTalk documents no canvas a picked photo
      // can be drawn on: the photo stays 4000×3000, which the API refuses, before any upload.
      await host.waitForElement('error-notice', 30_000)
      expect(host.text('error-title')).toBe('图片尺寸过大')
      expect(host.callsOf('uploadFile')).toHaveLength(0)
      expect(host.callsOf('createOffscreenCanvas')).toHaveLength(0)
      expectClean(host)
      return
    }
    await host.waitForElement('cutout', 30_000)
    const sent = host.files.get(host.callsOf('uploadFile')[0].options.filePath)!.data
    expect(sent.byteLength).toBeLessThanOrEqual(3 * 1024 * 1024)
    const meta = await sharp(Buffer.from(sent)).metadata()
    expect(meta.format).toBe('jpeg')
    expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(1999)
    expect(Math.min(meta.width, meta.height)).toBeGreaterThanOrEqual(33)
    if (platform === 'weapp') {
      // compressImage resizes (compressedWidth/compressedHeight, base library 2.26.0): no canvas.
      expect(host.callsOf('compressImage')[0].options).toMatchObject({ compressedWidth: 1999, compressedHeight: 1499 })
      expect(host.callsOf('createOffscreenCanvas')).toHaveLength(0)
    } else {
      // Alipay: an offscreen 2d canvas (base library 2.7.3), exported with canvasToTempFilePath({canvas}) (2.7.15).
      expect([meta.width, meta.height]).toEqual([1999, 1499])
      expect(host.callsOf('canIUse').map((c) => c.args[0])).toContain('canvasToTempFilePath.object.canvas')
      const created = host.callsOf('createOffscreenCanvas')
      expect(created).toHaveLength(1)
      // The current page's `(width, height)` (my.createOffscreenCanvas, 021zn0), checked by the canvas's size.
      expect(created[0].args).toEqual([1999, 1999])
      const exported = host.callsOf('canvasToTempFilePath')
      expect(exported).toHaveLength(1)
      expect(exported[0].options).toMatchObject({
        x: 0,
        y: 0,
        width: 1999,
        height: 1499,
        destWidth: 1999,
        destHeight: 1499,
        fileType: 'jpg',
      })
      expect(exported[0].options.canvas).toBeTypeOf('object')
      expect(host.callsOf('compressImage')).toHaveLength(0)
    }
    expectClean(host)
  })

  for (const [name, make, title] of [
    ['a file that is not an image', () => new TextEncoder().encode('not a photo'), '所选文件不是图片'],
    ['an empty file', () => new Uint8Array(0), '文件是空的'],
  ] as const) {
    it(`${name}: a clear error before any upload`, async () => {
      host = await launch(suite, platform)
      await openService(host, suite, 'go-bank-card', make())
      host.tap('choose-photo')
      await host.waitForElement('error-notice')
      expect(host.text('error-title')).toBe(title)
      expect(host.callsOf('uploadFile')).toHaveLength(0)
      expectChooseAnotherOnly(host)
      expectClean(host)
    })
  }

  it('a GIF for segmentation: a clear error before any upload', async () => {
    host = await launch(suite, platform)
    const gif = new Uint8Array(await sharp(Buffer.from(suite.photo)).gif().toBuffer())
    host.tap('go-segment')
    await host.waitFor(() => host!.pages.length === 2 && host!.find('choose-photo'), 'the segment page')
    host.pickPhoto(PHOTO_PATH[platform], gif, 'image/gif')
    host.tap('choose-photo')
    await host.waitForElement('error-notice')
    expect(host.text('error-title')).toBe('不支持的图片格式')
    expect(host.callsOf('uploadFile')).toHaveLength(0)
    expectChooseAnotherOnly(host)
    expectClean(host)
  })

  if (platform === 'weapp') {
    it('privacy: chooseMedia not declared in the privacy guide → the app says the developer must declare it', async () => {
      host = await launch(suite, platform, undefined, { device: { undeclaredPrivacyApis: ['chooseMedia'] } })
      await openService(host, suite, 'go-bank-card')
      host.tap('choose-photo')
      await host.waitForElement('error-notice')
      expect(host.text('error-title')).toBe('小程序未声明相册权限')
      expect(host.text('error-detail')).toMatch(/PrivacyNotDeclared/)
      expect(host.text('error-detail')).not.toContain('[object Object]')
      expect(host.callsOf('uploadFile')).toHaveLength(0)
      expectClean(host)
    })
  }

  if (platform === 'dd') {
    it('DingTalk, getImageInfo refusing local paths: both flows reach their result with phone photos read through the file manager', async () => {
      host = await launch(suite, platform)
      await openService(host, suite, 'go-bank-card', suite.phonePhoto)
      host.tap('choose-photo')
      await host.waitForElement('card-number', 30_000)
      // 12 MP, ~4 MB: compressed on the phone under 3 MB; sizes read from the header each time.
      expect(host.files.get(host.callsOf('uploadFile')[0].options.filePath)!.data.byteLength).toBeLessThanOrEqual(3 * 1024 * 1024)
      expect(host.callsOf('FileSystemManager.readFile').length).toBeGreaterThanOrEqual(2)
      expect(host.callsOf('FileSystemManager.getFileInfo').length).toBeGreaterThanOrEqual(1)
      host.close()

      host = await launch(suite, platform)
      // A phone-screen-size photo (1920×1440), within segmentation's 1999 px.
      await openService(host, suite, 'go-segment', new Uint8Array(await makePhonePhoto({ width: 1920, height: 1440, maxBytes: 2_500_000 })))
      host.tap('choose-photo')
      await host.waitForElement('cutout', 30_000)
      expect(host.callsOf('getImageInfo')).toHaveLength(0)
      expectClean(host)
    })

    it('DingTalk whose readFile takes user files only: no pixel count, so the photo goes up within the byte limits and the cloud decides', async () => {
      host = await launch(suite, platform, undefined, { device: { ddReadFileUserFilesOnly: true } })
      await openService(host, suite, 'go-bank-card', suite.phonePhoto)
      host.tap('choose-photo')
      await host.waitForElement('card-number', 30_000)
      // Type unknown: one compressImage re-encode to JPEG, then only the byte limit is checked on the phone.
      expect(host.callsOf('compressImage').length).toBeGreaterThanOrEqual(1)
      expect(host.files.get(host.callsOf('uploadFile')[0].options.filePath)!.data.byteLength).toBeLessThanOrEqual(3 * 1024 * 1024)
      expect(host.find('error-notice')).toBeUndefined()
      expectClean(host)
    })
  }

  // WeChat's getImageInfo names no HEIC type (jpeg|png|gif|tiff|unknown): what it does with one is undocumented.
  if (platform !== 'weapp')
    it("an iPhone HEIC photo: converted to JPEG on Alipay's canvas and recognized; on DingTalk refused with a hint before upload", async () => {
      host = await launch(suite, platform)
      host.tap('go-segment')
      await host.waitFor(() => host!.pages.length === 2 && host!.find('choose-photo'), 'the segment page')
      host.files.set(PHOTO_PATH[platform], await makeHeicPhoto({ width: 3024, height: 4032 }))
      host.pickPhoto(PHOTO_PATH[platform])
      host.tap('choose-photo')
      if (platform === 'dd') {
        await host.waitForElement('error-notice', 20_000)
        expect(host.text('error-title')).toBe('不支持的图片格式')
        expect(host.callsOf('uploadFile')).toHaveLength(0)
        expectClean(host)
        return
      }
      await host.waitForElement('cutout', 30_000)
      const sent = host.files.get(host.callsOf('uploadFile')[0].options.filePath)!.data
      const meta = await sharp(Buffer.from(sent)).metadata()
      expect(meta.format).toBe('jpeg')
      expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(1999)
      expect(host.callsOf('createOffscreenCanvas')[0].args).toEqual([1999, 1999])
      expect(host.callsOf('uploadFile')[0].options.formData['Content-Type']).toBe('image/jpeg')
      expectClean(host)
    })

  it(`touches only the ${GLOBAL[platform]} global`, async () => {
    host = await launch(suite, platform)
    await openService(host, suite, 'go-bank-card')
    host.tap('choose-photo')
    await host.waitForElement('card-number', 20_000)
    expect(host.wrongGlobalReads).toEqual([])
    // Every call the run made was on this platform's global, with this platform's API names.
    const apis = new Set(host.calls.map((c) => c.api))
    if (platform === 'weapp') {
      expect(apis).toContain('login')
      expect(apis).not.toContain('getAuthCode')
    } else {
      expect(apis).toContain('getAuthCode')
      expect(apis).not.toContain('login')
      expect(apis).not.toContain('setClipboardData')
    }
    expectClean(host)
  })
})
