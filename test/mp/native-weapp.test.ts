import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import vm from 'node:vm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { writeStandalone } from '../../scripts/build-lib'
import { allowListsByPlatform } from '../../scripts/cli/allow-list'
import { startStack, type Stack } from '../../scripts/stack'
import { launchMiniProgram, type MiniProgramHost } from '../mp-host/host'
import { compileWxml, compileWxss } from '../mp-host/wxml-render'
import { bankCardFromImage } from '../../emulator/image/bank-card'
import { makeCardPhoto } from '../support/images'
import { createFakeGlobal, type Platform } from '../fakes/mini-program-globals'
import { expectClean, PHOTO_PATH } from './harness'

/**
 * examples/native-weapp: a WeChat mini program written by hand (App/Page, WXML, no Taro, no npm
 * build) that uses the core only through the built library (`npm run build:lib`, copied to
 * lib/viapi-kit.js). Set up as a user would: the example folder, the library copied in, config.js
 * pointing at the backend; then compiled by WeChat's own compilers and run in the headless host
 * against the emulator and backend, on ports of its own (the harness's fixed ports are not used).
 */
const ROOT = path.resolve(__dirname, '../..')
const PHOTO = 'wxfile://tmp_native_card.jpg'

let work: string
let app: string
let libFile: string
let stack: Stack
let host: MiniProgramHost | undefined

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'viapi-native-weapp-'))
  app = path.join(work, 'native-weapp')
  const example = path.join(ROOT, 'examples/native-weapp')
  // Not a library copied there earlier by `npm run build:example-weapp`: the one built here.
  cpSync(example, app, { recursive: true, filter: (src) => path.relative(example, src).split(path.sep)[0] !== 'lib' })
  libFile = await writeStandalone(path.join(app, 'lib'))
  stack = await startStack({ emulatorPort: 0, backendPort: 0, env: {} })
  writeFileSync(path.join(app, 'config.js'), `module.exports = { backendUrl: ${JSON.stringify(stack.backendUrl)} }\n`)
}, 120_000)

afterAll(async () => {
  await stack?.close()
  if (work) rmSync(work, { recursive: true, force: true })
})

afterEach(() => {
  if (host) expect(host.templateWarnings).toEqual([])
  host?.close()
  host = undefined
})

function launch(): Promise<MiniProgramHost> {
  const list = allowListsByPlatform(stack.config, { TARO_APP_BACKEND_URL: stack.backendUrl }).find((l) => l.platform === 'weapp')!
  return launchMiniProgram({
    dir: app,
    platform: 'weapp',
    native: true,
    user: 'native-weapp-user',
    mintLoginCode: (p, u) => stack.emulator!.mintLoginCode(p, u),
    allowList: { request: list.request, uploadFile: list.uploadFile, downloadFile: list.downloadFile },
  })
}

describe('the native WeChat example', () => {
  it("compiles with WeChat's own WXML and WXSS compilers", () => {
    expect(compileWxml(app).files).toEqual(['pages/card/card.wxml'])
    expect(Object.keys(compileWxss(app).css).sort()).toEqual(['app.wxss', 'pages/card/card.wxss'])
  })

  it('takes a photo, uploads it with progress and shows the masked card number', async () => {
    host = await launch()
    expect(host.renderedText()).toContain('拍照识别')
    const photo = await makeCardPhoto({ width: 1280, height: 840 })
    host.pickPhoto(PHOTO, new Uint8Array(photo))
    host.tap('take-photo')
    await host.waitFor(() => /\d{4} \*{4} \*{4} \d{4}/.test(host!.renderedText()), 'the masked card number')
    // The emulator reads a card number from the photo's bytes: the page shows that card, masked.
    const card = bankCardFromImage(photo)
    expect(host.renderedText()).toContain(`${card.CardNumber.slice(0, 4)} **** **** ${card.CardNumber.slice(-4)}`)
    expect(host.renderedText()).toContain(card.BankName)
    expect(host.renderedText()).not.toContain(card.CardNumber)
    // What the user saw on the way, frame by frame, in WeChat's rendering.
    const frames = host.history.map((h) => h.text)
    expect(frames.some((t) => /上传中 \d+%/.test(t))).toBe(true)
    expect(frames.some((t) => t.includes('识别中'))).toBe(true)
    expect(host.callsOf('login')).toHaveLength(1)
    expect(host.callsOf('chooseMedia')).toHaveLength(1)
    expect(host.callsOf('uploadFile')).toHaveLength(1)
    expect(host.callsOf('uploadFile')[0].options.filePath).toBe(PHOTO)
    expectClean(host)
  })

  it('says so when the user cancels the picker, and does nothing else', async () => {
    host = await launch()
    host.pickPhoto('cancel')
    host.tap('take-photo')
    await host.waitFor(() => host!.callsOf('chooseMedia').length === 1, 'the picker')
    await new Promise((r) => setTimeout(r, 100))
    expect(host.renderedText()).not.toMatch(/上传中|识别中/)
    expect(host.callsOf('uploadFile')).toHaveLength(0)
    expectClean(host)
  })
})

/** The code block of docs/library.md's "In a native mini program". */
function docLines(): string {
  const doc = readFileSync(path.join(ROOT, 'docs/library.md'), 'utf8')
  const section = doc.split('## In a native mini program')[1]?.split('\n## ')[0] ?? ''
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1]
  if (!code) throw new Error('docs/library.md: no code block under "In a native mini program"')
  return code
}

describe("docs/library.md's five lines for a native page", () => {
  it('are five lines', () => {
    expect(docLines().trim().split('\n')).toHaveLength(5)
  })

  for (const platform of ['alipay', 'dd'] as Platform[]) {
    it(`recognize a bank card on ${platform}, with the library's CommonJS bundle and the platform global only`, async () => {
      const name = platform === 'alipay' ? 'my' : 'dd'
      const photo = await makeCardPhoto({ width: 1280, height: 840, seed: 3 })
      const list = allowListsByPlatform(stack.config, { TARO_APP_BACKEND_URL: stack.backendUrl }).find((l) => l.platform === platform)!
      const files = new Map([[PHOTO_PATH[platform], { data: new Uint8Array(photo), type: 'image/jpeg' }]])
      const fake = createFakeGlobal(platform, {
        files,
        allowList: { request: list.request, uploadFile: list.uploadFile, downloadFile: list.downloadFile },
      })
      // The page's world: ECMAScript, timers and the platform global; `require` gives the copied library.
      const context = vm.createContext({ console, setTimeout, clearTimeout, [name]: fake.api })
      const library = { exports: {} }
      vm.runInContext(`(function (module, exports) {${readFileSync(libFile, 'utf8')}\n})`, context)(library, library.exports)
      const lines = docLines()
        .replace(/\balipayPlatform\b/g, platform === 'alipay' ? 'alipayPlatform' : 'dingtalkPlatform')
        .replace('(my,', platform === 'alipay' ? '(my,' : '(dd,')
        .replace("'https://api.example.com'", JSON.stringify(stack.backendUrl))
      const page = vm.runInContext(
        `(async function (require, getSessionToken, path, size, onProgress) {\n${lines}\nreturn card\n})`,
        context,
      )
      // The session: the platform's login code exchanged at the backend, as the example's kit.js does.
      const getSessionToken = async () => {
        const res = await fetch(`${stack.backendUrl}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ platform, code: stack.emulator!.mintLoginCode(platform, `readme-${platform}`) }),
        })
        return ((await res.json()) as { token: string }).token
      }
      const phases: string[] = []
      const card = await page(
        (id: string) => {
          if (id !== '../../lib/viapi-kit.js') throw new Error(`unexpected require(${id})`)
          return library.exports
        },
        getSessionToken,
        PHOTO_PATH[platform],
        photo.byteLength,
        (p: { phase: string }) => phases.push(p.phase),
      )
      expect(card.cardNumber).toBe(bankCardFromImage(photo).CardNumber)
      expect(phases).toEqual(expect.arrayContaining(['credentials', 'uploading', 'analyzing', 'done']))
      expect(fake.calls.map((c: { api: string }) => c.api)).toContain('uploadFile')
    })
  }
})
