import { readFileSync, readdirSync, existsSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, ROOT, TARGETS } from './ensure-built'

const dist = (target: string, ...p: string[]) => path.join(ROOT, 'dist', target, ...p)

/** Every .js file of a mini-program build, concatenated (pages included). */
function allScripts(target: string): string {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name.endsWith('.js')) out.push(readFileSync(full, 'utf8'))
    }
  }
  walk(dist(target))
  return out.join('\n')
}

/** Uses of a global object as `name.x` or `name["x"]`, not as part of a longer identifier. */
function globalUses(code: string, name: string): string[] {
  return code.match(new RegExp(`(?<![\\w$.])${name}(?:\\.[A-Za-z_$][\\w$]*|\\[["'][^"']+["']\\])`, 'g')) ?? []
}

describe('mini-program builds', () => {
  // Real Taro builds, skipped when dist/<target> is newer than every source file.
  beforeAll(() => {
    for (const target of TARGETS) ensureBuilt(target)
  })

  it('weapp: app.json lists the index page, which has its .wxml and uses the wx global', () => {
    const app = JSON.parse(readFileSync(dist('weapp', 'app.json'), 'utf8'))
    expect(app.pages).toContain('pages/index/index')
    expect(existsSync(dist('weapp', 'pages/index/index.wxml'))).toBe(true)
    const code = allScripts('weapp')
    expect(globalUses(code, 'wx')).toContain('wx["webpackJsonp"]')
    expect(globalUses(code, 'my')).toEqual([])
  })

  it('alipay: pages are .axml, the runtime binds the my global', () => {
    expect(existsSync(dist('alipay', 'pages/index/index.axml'))).toBe(true)
    expect(existsSync(dist('alipay', 'mini.project.json'))).toBe(true)
    const code = allScripts('alipay')
    expect(globalUses(code, 'my')).toEqual(expect.arrayContaining(['my.request', 'my["webpackJsonp"]']))
    expect(globalUses(code, 'dd')).toEqual([])
  })

  it('dd: a DingTalk program that calls dd.* and never my.* or wx.*', () => {
    expect(existsSync(dist('dd', 'pages/index/index.axml'))).toBe(true)
    const code = allScripts('dd')
    const dd = globalUses(code, 'dd')
    expect(dd).toEqual(expect.arrayContaining(['dd.request', 'dd["webpackJsonp"]']))
    expect(globalUses(code, 'my')).toEqual([])
    expect(globalUses(code, 'wx')).toEqual([])
    // No free `my` identifier survives anywhere (e.g. `typeof my`), only inside longer names.
    expect(code.match(/(?<![\w$.'"])my(?![\w$'"])/g) ?? []).toEqual([])
  })

  it('each build keeps only its own platform branch of the app transport, and only its own platform profile', () => {
    // src/services/platform-global.ts picks the global and its profile by process.env.TARO_ENV at
    // compile time; the other branches, and the other platforms' profiles (their call tables,
    // failure rules and console wording), are gone from each build.
    const globals = (target: string) => [...allScripts(target).matchAll(/\{profile:[\w$.]+,api:(\w+)\}/g)].map((m) => m[1])
    const profiles = (target: string) => [...allScripts(target).matchAll(/\{name:"(\w+)",label:"\w+"/g)].map((m) => m[1])
    const consoles = (target: string) =>
      ['mp.weixin.qq.com', 'open.alipay.com', 'open-dev.dingtalk.com'].filter((host) => allScripts(target).includes(host))
    expect([globals('dd'), profiles('dd'), consoles('dd')]).toEqual([['dd'], ['dd'], ['open-dev.dingtalk.com']])
    expect([globals('alipay'), profiles('alipay'), consoles('alipay')]).toEqual([['my'], ['alipay'], ['open.alipay.com']])
    expect([globals('weapp'), profiles('weapp'), consoles('weapp')]).toEqual([['wx'], ['weapp'], ['mp.weixin.qq.com']])
    // H5 runs over Taro's browser APIs with no profile (createTaroTransport without one): no
    // mini-program global, profile or console wording at all.
    expect([globals('h5'), profiles('h5'), consoles('h5')]).toEqual([[], [], []])
  })

  it('no build links the opt-in V1 signers or SHA-1 (the app signs RPC with ACS3 and uploads with OSS V4)', () => {
    // src/lib/rpc/signer-v1.ts is linked only where `rpcSigner: rpcV1Signer` is passed (its params name the
    // signature method), SHA-1 only with it or ossV1FormSigner: crypto-js registers `HmacSHA1` on
    // its core when its module loads, which src/lib/package.json's sideEffects lets bundlers skip.
    for (const target of ['weapp', 'alipay', 'dd', 'h5']) {
      const code = allScripts(target)
      expect([target, code.includes('SignatureMethod'), code.includes('HmacSHA1')]).toEqual([target, false, false])
    }
  })

  it('no build links the server-signed upload mode (the app uploads with STS; serverSignedUploads is opt-in)', () => {
    expect(['weapp', 'alipay', 'dd', 'h5'].map((t) => [t, allScripts(t).includes('"server-signed"')])).toEqual([
      ['weapp', false],
      ['alipay', false],
      ['dd', false],
      ['h5', false],
    ])
  })

  it('only the Alipay build links the canvas resize (the one platform that documents one)', () => {
    // canvas-resize.ts hangs off alipayPlatform.resizer; its canIUse probe names the API version it needs.
    const probe = 'canvasToTempFilePath.object.canvas'
    expect(['weapp', 'alipay', 'dd', 'h5'].map((t) => [t, allScripts(t).includes(probe)])).toEqual([
      ['weapp', false],
      ['alipay', true],
      ['dd', false],
      ['h5', false],
    ])
  })

  it('all three app pages are built for every mini program', () => {
    for (const [target, ext] of [
      ['weapp', 'wxml'],
      ['alipay', 'axml'],
      ['dd', 'axml'],
    ]) {
      for (const page of ['index', 'bank-card', 'segment']) expect(existsSync(dist(target, `pages/${page}/index.${ext}`))).toBe(true)
    }
  })

  it('h5: index.html loads the app bundle from the web root', () => {
    const html = readFileSync(dist('h5', 'index.html'), 'utf8')
    expect(html).toMatch(/<script[^>]+src="\/js\/app\.[0-9a-f]{8}\.js"/)
    expect(html).toContain('<div id="app">')
  })

  it('h5: the page says its language and lets people zoom (WCAG 2 3.1.1, 1.4.4)', () => {
    const html = readFileSync(dist('h5', 'index.html'), 'utf8')
    expect(html).toContain('<html lang="zh-CN">')
    expect(html).toMatch(/<meta content="width=device-width,initial-scale=1" name="viewport">/)
    expect(html).not.toMatch(/user-scalable|maximum-scale/)
  })

  it('the darker primary button is H5 only: mini programs keep their platform button', () => {
    // app.scss wraps it in Taro's style #ifdef h5; a taro-button-core selector would be a stray tag selector there.
    const appStyles = { weapp: 'app.wxss', alipay: 'app.acss', dd: 'app.acss' }
    for (const [target, file] of Object.entries(appStyles))
      expect([target, readFileSync(dist(target, file), 'utf8').includes('taro-button-core')]).toEqual([target, false])
    const h5Css = readdirSync(dist('h5', 'css'))
      .map((f) => readFileSync(dist('h5', 'css', f), 'utf8'))
      .join('\n')
    expect(h5Css).toContain('body taro-button-core[type=primary]{background-color:#237804')
  })
})
