import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt } from '../build/ensure-built'
import { compileWxml, compileWxss, filesOf, visibleText } from '../mp-host/wxml-render'

/**
 * dist/weapp through WeChat's own compilers — `wcc` (WXML + WXS → the render layer's `$gwx`) and
 * `wcsc` (WXSS → injected CSS), the Linux builds shipped in the `miniprogram-compiler` package
 * (node_modules/miniprogram-compiler/README.md). What DevTools and WeChat's upload run on our
 * output, offline: a template or style sheet they reject fails here, with their own message.
 */
let dir: string
let pages: string[]
const scratch: string[] = []

beforeAll(() => {
  dir = ensureBuilt('weapp')
  pages = (JSON.parse(readFileSync(path.join(dir, 'app.json'), 'utf8')) as { pages: string[] }).pages
}, 240_000)

afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true })
})

function scratchDir(files: Record<string, string>): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'wechat-compile-'))
  scratch.push(d)
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(d, name), text)
  return d
}

describe("dist/weapp through WeChat's compilers", () => {
  it('wcc compiles every WXML file, and each page template runs in its runtime without a warning', () => {
    const compiled = compileWxml(dir)
    expect(compiled.files).toEqual(filesOf(dir, '.wxml'))
    expect(compiled.files).toEqual(expect.arrayContaining(['base.wxml', ...pages.map((p) => `${p}.wxml`)]))
    for (const page of pages) {
      // An empty Taro tree: the page template imports base.wxml and dispatches into `taro_tmpl`.
      const vdom = compiled.render(page, { root: { cn: [] } })
      expect(vdom.tag).toBe('wx-page')
      expect(visibleText(vdom)).toBe('')
      expect(compiled.takeWarnings(), page).toEqual([])
    }
  })

  it('wcsc compiles every WXSS file; the app and each page get a style sheet with imports and rpx resolved', () => {
    const compiled = compileWxss(dir)
    expect(compiled.files).toEqual(filesOf(dir, '.wxss'))
    const sheets = ['app.wxss', ...pages.map((p) => `${p}.wxss`).filter((f) => existsSync(path.join(dir, f)))]
    expect(Object.keys(compiled.css).sort()).toEqual(sheets.sort())
    const app = compiled.css['app.wxss']()
    expect(app).toContain('.error-notice{') // from common.wxss, @import-ed by app.wxss
    expect(app).toMatch(/font-size:14px/) // app-origin.wxss's 28rpx on a 375 px wide screen
    for (const sheet of sheets) expect(compiled.css[sheet]().length, sheet).toBeGreaterThan(0)
  })

  it("a WXML or WXSS file WeChat rejects fails with the compiler's own message", () => {
    const badWxml = scratchDir({ 'a.wxml': '<view>{{a</view>\n<view wx:if="{{x}}">hi</vie>' })
    expect(() => compileWxml(badWxml)).toThrow(/wcc rejected[\s\S]*a\.wxml:2:\d+/)
    const badWxss = scratchDir({ 'a.wxss': '.a{color:red\n.b{{', 'b.wxss': '.b{color:red}' })
    expect(() => compileWxss(badWxss)).toThrow(/wcsc rejected[\s\S]*a\.wxss\(1:\d+\)/)
  })
})
