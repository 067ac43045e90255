import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildLocal } from '../../scripts/local-build'
import { serveStatic } from '../../scripts/static-server'
import { ROOT } from '../../scripts/build-freshness'
import { startStack, type Stack } from '../../scripts/stack'
import sharp from 'sharp'
import { makeCardPhoto, makePhonePhoto } from '../support/images'
import { launchChromium } from './browser'
import { wcagViolations } from './axe'

/**
 * The H5 build in real Chromium against the real backend + emulator. Ports differ from
 * `npm start`'s so both can run at once; the URLs are baked into a separate build (dist/h5-e2e).
 */
const PORTS = { emulator: 19100, backend: 18787, web: 20086 }
const ARTIFACTS = path.join(ROOT, 'test-artifacts')

let stack: Stack
let web: Awaited<ReturnType<typeof serveStatic>>
let browser: Browser
let photoPath: string
/** Files a user might pick: a 12 MP phone photo (~4 MB), a text file named .jpg, an empty file, a GIF. */
const picks: Record<'phone' | 'text' | 'empty' | 'gif', string> = { phone: '', text: '', empty: '', gif: '' }

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  photoPath = path.join(ARTIFACTS, 'card-photo.jpg')
  writeFileSync(photoPath, await makeCardPhoto({ width: 1280, height: 840 }))
  picks.phone = path.join(ARTIFACTS, 'phone-photo-12mp.jpg')
  writeFileSync(picks.phone, await makePhonePhoto())
  picks.text = path.join(ARTIFACTS, 'not-an-image.jpg')
  writeFileSync(picks.text, 'this is a text file, not a photo\n')
  picks.empty = path.join(ARTIFACTS, 'empty.jpg')
  writeFileSync(picks.empty, '')
  picks.gif = path.join(ARTIFACTS, 'card.gif')
  writeFileSync(
    picks.gif,
    await sharp(await makeCardPhoto({ width: 640, height: 420 }))
      .gif()
      .toBuffer(),
  )
  stack = await startStack({
    emulatorPort: PORTS.emulator,
    backendPort: PORTS.backend,
    env: {},
    backendEnv: { CORS_ORIGINS: `http://127.0.0.1:${PORTS.web}` },
  })
  const dir = await buildLocal('h5', 'h5-e2e', { backendUrl: stack.backendUrl, emulatorUrl: stack.emulatorUrl })
  web = await serveStatic(dir, PORTS.web)
  browser = await launchChromium()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await web?.close()
  await stack?.close()
})

async function openPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 420, height: 900 } })
  page.on('pageerror', (e) => console.error('page error:', e.message))
  await page.goto(web.url)
  await expect.poll(() => page.locator('#backend-status').innerText(), { timeout: 15_000 }).toBe('正常')
  return page
}

/** axe-core finds no WCAG 2 A/AA violation on the page in its current state. */
async function expectAccessible(page: Page) {
  expect(await wcagViolations(page)).toEqual([])
}

/**
 * The screen after a refused input: the error, and "choose another" as the only way on. No retry
 * (the same file fails the same way) and no preview (a text file named .jpg is a broken image).
 */
async function expectChooseAnotherOnly(page: Page) {
  expect(await page.locator('#retry').count()).toBe(0)
  expect(await page.locator('#preview, #original').count()).toBe(0)
  const broken = await page.$$eval('img', (imgs) => imgs.filter((img) => !(img.complete && img.naturalWidth > 0)).map((img) => img.src))
  expect(broken).toEqual([])
  expect(await page.locator('#choose-photo').innerText()).toBe('换一张照片')
}

async function choosePhoto(page: Page, file = photoPath) {
  const chooser = page.waitForEvent('filechooser')
  await page.locator('#choose-photo').click()
  await (await chooser).setFiles(file)
}

describe('H5 app in Chromium', () => {
  it('home shows both services and a connected backend', async () => {
    const page = await openPage()
    await expect.poll(() => page.locator('body').innerText()).toContain('银行卡识别')
    expect(await page.locator('body').innerText()).toContain('通用分割')
    await page.screenshot({ path: path.join(ARTIFACTS, 'h5-home.png') })
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN')
    // Zooming is allowed: no user-scalable=no, no maximum-scale.
    expect(await page.locator('meta[name=viewport]').getAttribute('content')).toBe('width=device-width,initial-scale=1')
    await expectAccessible(page)
    // In English, the document says so too.
    await page.locator('#toggle-language').click()
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
    await expectAccessible(page)
    await page.locator('#toggle-language').click()
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN')
    await page.close()
  })

  it('bank card: pick a photo → upload → a masked card number, bank, type and validity', async () => {
    const page = await openPage()
    await page.locator('#go-bank-card').click()
    await choosePhoto(page)
    const number = page.locator('#card-number')
    await number.waitFor({ timeout: 20_000 })
    expect(await number.innerText()).toMatch(/^\d{4} \*{4} \*{4} \d{4}$/)
    expect(await page.locator('#bank-name').innerText()).not.toBe('')
    expect(await page.locator('#valid-date').innerText()).toMatch(/^\d{2}\/\d{2}$/)
    expect(await page.locator('#emulated-note').isVisible()).toBe(true)
    await page.locator('#reveal').click()
    expect(await number.innerText()).toMatch(/^[\d ]{19,23}$/)
    await page.screenshot({ path: path.join(ARTIFACTS, 'h5-bank-card.png'), fullPage: true })
    await expectAccessible(page)
    await page.close()
  })

  it('segment: the cut-out PNG is shown next to the original', async () => {
    const page = await openPage()
    await page.locator('#go-segment').click()
    await choosePhoto(page)
    const cutout = page.locator('#cutout img')
    await cutout.waitFor({ timeout: 20_000 })
    await expect
      .poll(() => cutout.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 })
      .toBeGreaterThan(0)
    expect(await cutout.getAttribute('src')).toMatch(/\/results\/[^/]+\.png$/)
    await page.screenshot({ path: path.join(ARTIFACTS, 'h5-segment.png'), fullPage: true })
    await expectAccessible(page)
    // Save downloads the PNG and the app stays where it is.
    const download = page.waitForEvent('download', { timeout: 10_000 })
    await page.locator('#save').click()
    expect((await download).suggestedFilename()).toBe('cutout.png')
    expect(await cutout.isVisible()).toBe(true)
    await page.close()
  })

  it('a forced upload failure shows the error; retry reuses the photo and succeeds', async () => {
    const page = await openPage()
    await page.locator('#go-bank-card').click()
    stack.emulator!.setFaults({ rules: [{ service: 'oss', kind: 'error5xx', status: 503 }] })
    try {
      await choosePhoto(page)
      await page.locator('#error-notice').waitFor({ timeout: 30_000 })
      expect(await page.locator('#error-title').innerText()).toBe('识别失败')
      expect(await page.locator('#error-detail').innerText()).toMatch(/ServiceUnavailable|InternalError/)
      await page.screenshot({ path: path.join(ARTIFACTS, 'h5-upload-error.png'), fullPage: true })
      // A service failure keeps its retry and the photo it would send again.
      expect(await page.locator('#retry').isVisible()).toBe(true)
      expect(await page.locator('#preview img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0)
      await expectAccessible(page)
    } finally {
      stack.emulator!.clearFaults()
    }
    const chooserOpened = page.waitForEvent('filechooser', { timeout: 1500 }).then(
      () => true,
      () => false,
    )
    await page.locator('#retry').click()
    await page.locator('#card-number').waitFor({ timeout: 20_000 })
    expect(await chooserOpened).toBe(false)
    await page.close()
  })

  it('a 12 MP phone photo (4000×3000, ~4 MB) is prepared for each API in the browser and both flows succeed', async () => {
    const meta = await sharp(picks.phone).metadata()
    expect([meta.width, meta.height]).toEqual([4000, 3000])
    expect(statSync(picks.phone).size).toBeGreaterThan(3 * 1024 * 1024)
    // The emulator refuses what the APIs refuse (> 3 MB; segmentation > 1999 px): success means it fit.
    const page = await openPage()
    await page.locator('#go-bank-card').click()
    await choosePhoto(page, picks.phone)
    await page.locator('#card-number').waitFor({ timeout: 30_000 })
    await page.goBack()
    await page.locator('#go-segment').click()
    await choosePhoto(page, picks.phone)
    await page.locator('#cutout img').waitFor({ timeout: 30_000 })
    await page.close()
  })

  for (const [name, file, title] of [
    ['a text file named card.jpg', 'text', '所选文件不是图片'],
    ['an empty file', 'empty', '文件是空的'],
  ] as const) {
    it(`${name} gets a clear on-screen error before any upload, and only "choose another"`, async () => {
      const page = await openPage()
      await page.locator('#go-bank-card').click()
      const before = stack.emulator!.counters().oss
      await choosePhoto(page, picks[file])
      await page.locator('#error-notice').waitFor({ timeout: 10_000 })
      expect(await page.locator('#error-title').innerText()).toBe(title)
      expect(stack.emulator!.counters().oss).toBe(before)
      await expectChooseAnotherOnly(page)
      await page.screenshot({ path: path.join(ARTIFACTS, `h5-input-error-${file}.png`), fullPage: true })
      await expectAccessible(page)
      await page.close()
    })
  }

  it('a GIF for segmentation (which takes no GIF) gets a clear on-screen error before any upload, and only "choose another"', async () => {
    const page = await openPage()
    await page.locator('#go-segment').click()
    const before = stack.emulator!.counters().oss
    await choosePhoto(page, picks.gif)
    await page.locator('#error-notice').waitFor({ timeout: 10_000 })
    expect(await page.locator('#error-title').innerText()).toBe('不支持的图片格式')
    expect(await page.locator('#error-detail').innerText()).toContain('GIF')
    expect(stack.emulator!.counters().oss).toBe(before)
    await expectChooseAnotherOnly(page)
    await expectAccessible(page)
    await page.close()
  })

  it('comment check: a clean comment passes, one with a listed word is blocked with its label', async () => {
    const page = await openPage()
    await page.locator('#go-moderation').click()
    const input = page.locator('#comment textarea')
    await expectAccessible(page)
    await input.fill('今天天气很好，谢谢分享')
    await page.locator('#check-comment').click()
    const verdict = page.locator('#verdict')
    await expect.poll(() => verdict.getAttribute('data-verdict'), { timeout: 15_000 }).toBe('pass')
    await expectAccessible(page)
    await input.fill('一起去赌博吧')
    await page.locator('#check-comment').click()
    await expect.poll(() => verdict.getAttribute('data-verdict'), { timeout: 15_000 }).toBe('block')
    expect(await page.locator('#labels').innerText()).toContain('contraband_gambling')
    await page.screenshot({ path: path.join(ARTIFACTS, 'h5-moderation.png'), fullPage: true })
    await expectAccessible(page)
    await page.close()
  })
})

/**
 * An account opened today (docs/real-cloud.md): the default endpoint refuses uploads, the bucket's
 * bound domain serves them, and the vision API reads the photo only by the route's rules. The same
 * build (its URLs are the same), a stack restarted per route.
 */
describe.each(['signed-url', 'viapi-temp-bucket', 'plain-url'] as const)('H5 on a new account with a bound domain, %s route', (route) => {
  beforeAll(async () => {
    await stack.close()
    stack = await startStack({
      emulatorPort: PORTS.emulator,
      backendPort: PORTS.backend,
      env: {},
      backendEnv: { CORS_ORIGINS: `http://127.0.0.1:${PORTS.web}`, VIAPI_IMAGE_URL_ROUTE: route },
      emulator: { newAccount: true, sameAccountRead: route === 'plain-url' },
      boundDomain: true,
    })
  }, 60_000)

  it(
    route === 'viapi-temp-bucket'
      ? 'the app, which does not link this route, says so before any upload'
      : 'bank card and segmentation reach their results, uploaded where the route says',
    async () => {
      const page = await openPage()
      const uploads: string[] = []
      page.on('request', (r) => {
        if (r.method() === 'POST' && /\/(oss|bound)\//.test(r.url())) uploads.push(r.url())
      })
      await page.locator('#go-bank-card').click()
      await choosePhoto(page)
      if (route === 'viapi-temp-bucket') {
        // The template app leaves the temporary bucket out (the vendor: not for production).
        await page.locator('#error-notice').waitFor({ timeout: 20_000 })
        expect(await page.locator('#error-detail').innerText()).toMatch(/ImageUrlRouteNotLinked/)
        expect(uploads).toEqual([])
        await page.close()
        return
      }
      await page.locator('#card-number').waitFor({ timeout: 20_000 })
      expect(await page.locator('#card-number').innerText()).toMatch(/^\d{4} \*{4} \*{4} \d{4}$/)
      await page.goBack()
      await page.locator('#go-segment').click()
      await choosePhoto(page)
      await page.locator('#cutout img').waitFor({ timeout: 20_000 })
      expect(uploads.length).toBe(2)
      for (const url of uploads) expect(url).toContain('/bound/viapi-kit-dev')
      await page.close()
    },
  )
})
