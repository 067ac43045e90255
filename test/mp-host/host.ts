/**
 * A headless mini-program host: runs a WeChat / Alipay / DingTalk build folder in a `node:vm`
 * sandbox the way the platform's framework would — App() then every Page() registered at start,
 * onLaunch/onShow, a page stack with onLoad → onShow → first render → onReady, `setData` applied by
 * data path, taps delivered to the page's `eh` handler — with a platform global doing real HTTP.
 * No rendering by default: tests read the node tree Taro sends through `setData` (WeChat builds can
 * opt into WeChat's own compiled template with `rendered()` / `renderedText()`). A native WeChat
 * mini program (`native: true`, no Taro) is read and tapped through that template only.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { AllowListCheck, Platform } from '../fakes/mini-program-globals'
import type { DeviceFiles, DeviceSetup } from './device-apis'
import { createPlatformGlobal, globalName, type ApiCall } from './platform-global'
import { createSandbox, type Sandbox } from './sandbox'
import { applySetData } from './set-data'
import { tappableNodeKinds } from './templates'
import { findById, findByText, pathTo, textOf, type RenderedNode } from './tree'
import { compiledWxmlOf, visibleText, type VNode } from './wxml-render'
import { nativeTapCalls, pathToElement } from './native-tap'

type Config = Record<string, any>

export interface PageInstance {
  route: string
  options: Record<string, string>
  data: { root?: RenderedNode; [key: string]: unknown }
  setData(update: Record<string, unknown>, cb?: () => void): void
  [key: string]: any
}

export interface LaunchOptions {
  /** The build folder (dist/<name>). */
  dir: string
  platform: Platform
  /** A one-time login code for (platform, user): pass the emulator's `mintLoginCode`. */
  mintLoginCode(platform: Platform, user?: string): string
  user?: string
  /** Files "on the device": fixture photos live here; the picker answers with `pickPhoto`'s path. */
  files?: DeviceFiles
  /** Print the app's console output. */
  echo?: boolean
  /** Privacy declarations and permissions of this device (default: all declared and granted). */
  device?: DeviceSetup
  /**
   * The console's domain allow-lists this build runs under; a call to any other host fails the way
   * the platform fails it. Undefined: no check (like DevTools with domain checks off).
   */
  allowList?: AllowListCheck
  /**
   * A native WeChat mini program (App/Page written by hand, no Taro): the first render is the
   * page's initial `data` (no setData needed), taps go through WeChat's compiled template
   * (`bindtap` → the page method, native-tap.ts), and `history` holds the rendered text.
   */
  native?: boolean
}

/** An element: by the id the app gave it, or `{ text }` for the innermost element showing that text. */
export type Selector = string | { text: string | RegExp }

const OTHER_GLOBALS = ['wx', 'my', 'dd'] as const

const SW_USER_AGENT: Record<Platform, string> = {
  weapp: '',
  alipay:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AlipayClient/10.6.0 mp-host',
  dd: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0) mp-host',
}

export class MiniProgramHost {
  readonly platform: Platform
  /** Every platform API call, in order. */
  readonly calls: ApiCall[]
  /** Names read from the platform global that the host does not implement. */
  readonly missingApis: string[]
  /** Every setData, in order, with the page it went to. */
  readonly renders: Array<{ route: string; update: Record<string, unknown> }> = []
  /** The page's whole text after each setData: what a user could have seen, frame by frame. */
  readonly history: Array<{ route: string; text: string }> = []
  /** Warnings WeChat's template runtime printed while `rendered()` ran (a missing template renders nothing). */
  readonly templateWarnings: string[] = []
  readonly files: DeviceFiles
  /** Images saved to the album, in order. */
  readonly album: Array<{ path: string; data: Uint8Array }> = []
  private readonly stack: PageInstance[] = []
  private readonly pageConfigs = new Map<string, Config>()
  private readonly componentConfigs = new Map<string, Config>()
  private readonly photoQueue: Array<string | 'cancel'> = []
  private readonly tappable: Set<string>
  private readonly globalProbes: string[]
  private app: Config | undefined
  private loading: string | undefined
  private sandbox!: Sandbox

  constructor(private readonly options: LaunchOptions) {
    this.platform = options.platform
    this.files = options.files ?? new Map()
    this.tappable = options.native ? new Set() : tappableNodeKinds(options.dir)
    const platformGlobal = createPlatformGlobal({
      platform: options.platform,
      files: this.files,
      mintLoginCode: () => options.mintLoginCode(options.platform, options.user),
      nextPhoto: () => {
        const next = this.photoQueue.shift()
        if (next === undefined) throw new Error('mp-host: the app opened the photo picker but the test queued no photo (host.pickPhoto)')
        return next
      },
      navigateTo: (url) => this.navigateTo(url),
      navigateBack: (delta) => this.navigateBack(delta),
      later: (fn) => this.sandbox.later(fn),
      device: options.device,
      album: this.album,
      allowList: options.allowList,
    })
    this.calls = platformGlobal.calls
    this.missingApis = platformGlobal.missing
    this.globalProbes = platformGlobal.probes
    const own = globalName(options.platform)
    this.sandbox = createSandbox(
      path.resolve(options.dir),
      {
        [own]: platformGlobal.global,
        App: (config: Config) => {
          if (this.app) throw new Error('mp-host: App() called twice')
          this.app = config
        },
        Page: (config: Config) => {
          if (!this.loading) throw new Error('mp-host: Page() called outside a page file')
          this.pageConfigs.set(this.loading, config)
        },
        Component: (config: Config) => {
          if (!this.loading) throw new Error('mp-host: Component() called outside a component file')
          this.componentConfigs.set(this.loading, config)
        },
        getApp: () => this.app,
        getCurrentPages: () => [...this.stack],
        // The Alipay engine (also DingTalk's) has a `navigator` with only `swuserAgent`; Taro's
        // Alipay runtime reads it at start.
        ...(options.platform === 'weapp' ? {} : { navigator: { swuserAgent: SW_USER_AGENT[options.platform] } }),
      },
      OTHER_GLOBALS.filter((g) => g !== own),
      { echo: options.echo },
    )
  }

  /** Script errors: exceptions in timers and console.error calls. */
  get errors(): unknown[] {
    return this.sandbox.errors
  }

  get logs(): Sandbox['logs'] {
    return this.sandbox.logs
  }

  /** Reads of another platform's global (`my`/`wx` in the dd build, …). */
  get probes(): string[] {
    return this.globalProbes
  }

  get wrongGlobalReads(): string[] {
    return this.sandbox.wrongGlobalReads
  }

  get pages(): PageInstance[] {
    return [...this.stack]
  }

  get currentPage(): PageInstance {
    const page = this.stack[this.stack.length - 1]
    if (!page) throw new Error('mp-host: no page is open')
    return page
  }

  /** Loads app.js and every page like the platform does at start, then opens the first page. */
  async launch(query: Record<string, string> = {}): Promise<void> {
    const appJson = JSON.parse(readFileSync(path.join(this.options.dir, 'app.json'), 'utf8')) as {
      pages: string[]
      usingComponents?: Record<string, string>
    }
    this.loading = 'app'
    this.sandbox.require('app')
    if (!this.app) throw new Error('mp-host: app.js did not call App()')
    for (const route of appJson.pages) {
      this.loading = route
      this.sandbox.require(route)
      if (!this.pageConfigs.has(route)) throw new Error(`mp-host: ${route}.js did not call Page()`)
      // Custom components a page uses (Taro's recursive `comp`) are registered when the page is.
      const pageJson = JSON.parse(readFileSync(path.join(this.options.dir, `${route}.json`), 'utf8')) as {
        usingComponents?: Record<string, string>
      }
      for (const ref of Object.values(pageJson.usingComponents ?? {})) {
        const file = path.relative(path.resolve(this.options.dir), path.resolve(this.options.dir, path.dirname(route), ref))
        if (this.componentConfigs.has(file)) continue
        this.loading = file
        this.sandbox.require(file)
      }
    }
    this.loading = undefined
    const launchOptions = { path: appJson.pages[0], query, scene: 1001, referrerInfo: {} }
    this.app.onLaunch?.call(this.app, launchOptions)
    this.app.onShow?.call(this.app, launchOptions)
    await this.openPage(appJson.pages[0], query)
  }

  /** The next photo picker call answers with this file (a key of `files`), or is cancelled. */
  pickPhoto(filePath: string | 'cancel', data?: Uint8Array, type = 'image/jpeg'): void {
    if (data) this.files.set(filePath, { data, type })
    if (filePath !== 'cancel' && !this.files.has(filePath)) throw new Error(`mp-host: no file ${filePath}`)
    this.photoQueue.push(filePath)
  }

  private async openPage(route: string, query: Record<string, string>): Promise<PageInstance> {
    const config = this.pageConfigs.get(route)
    if (!config) throw new Error(`mp-host: no page ${route} (app.json lists ${[...this.pageConfigs.keys()].join(', ')})`)
    const previous = this.stack[this.stack.length - 1]
    previous?.onHide?.()
    let firstRender!: () => void
    const rendered = new Promise<void>((r) => (firstRender = r))
    // Page methods run with the page as `this`; they still need the host that runs them.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const host = this
    const page: PageInstance = {
      ...config,
      data: JSON.parse(JSON.stringify(config.data ?? {})),
      route,
      options: query,
      setData(update: Record<string, unknown>, cb?: () => void) {
        if (!host.stack.includes(page)) throw new Error(`mp-host: setData on a closed page ${route}`)
        applySetData(page.data, update)
        host.renders.push({ route, update })
        host.history.push({ route, text: host.options.native ? host.renderedTextOf(page) : textOf(page.data.root) })
        firstRender()
        if (cb) host.sandbox.later(cb)
      },
    }
    if (this.platform === 'weapp') page.__route__ = route
    this.stack.push(page)
    page.onLoad?.(query)
    page.onShow?.()
    // WeChat draws a native page's initial data; a Taro page draws nothing before its first setData.
    if (this.options.native) firstRender()
    await Promise.race([
      rendered,
      sleep(5000).then(() => Promise.reject(new Error(`mp-host: ${route} never rendered (no setData in 5 s)`))),
    ])
    page.onReady?.()
    return page
  }

  private async navigateTo(url: string): Promise<void> {
    const [pathPart, search = ''] = url.split('?')
    const route = pathPart.replace(/^\//, '')
    const query = Object.fromEntries(new URLSearchParams(search))
    if (this.stack.length >= 10) throw new Error('navigateTo: page stack limit (10) reached')
    await this.openPage(route, query)
  }

  private async navigateBack(delta: number): Promise<void> {
    for (let i = 0; i < delta && this.stack.length > 1; i++) {
      const page = this.stack.pop()!
      page.onUnload?.()
    }
    this.currentPage.onShow?.()
  }

  /** The current page's node tree. */
  get root(): RenderedNode | undefined {
    return this.currentPage.data.root
  }

  find(selector: Selector): RenderedNode | undefined {
    return typeof selector === 'string' ? findById(this.root, selector) : findByText(this.root, selector.text)
  }

  /** Text of an element, or of the whole page. */
  text(selector?: Selector): string {
    if (!selector) return textOf(this.root)
    const node = this.find(selector)
    if (!node)
      throw new Error(`mp-host: no element ${describeSelector(selector)} on ${this.currentPage.route}; the page says: ${textOf(this.root)}`)
    return textOf(node)
  }

  /**
   * Taps an element as the platform does: the tap bubbles from the element up, and every element
   * on the way whose kind is bound to `eh` in the template calls the page's `eh` with
   * `target` = the tapped element and `currentTarget` = that element (`id` = uid || sid, `data-sid`).
   */
  tap(selector: Selector): void {
    if (this.options.native) return this.nativeTap(selector)
    const page = this.currentPage
    const target = this.find(selector)
    if (!target)
      throw new Error(
        `mp-host: nothing to tap: no element ${describeSelector(selector)} on ${page.route}; the page says: ${textOf(this.root)}`,
      )
    const chain = pathTo(this.root, target)!.slice(1).reverse()
    const bound = chain.filter((n) => this.tappable.has(String(n.nn)))
    if (bound.length === 0)
      throw new Error(`mp-host: ${describeSelector(selector)} is not tappable (no element on its path listens for taps)`)
    const ref = (n: RenderedNode) => ({ id: n.uid ?? n.sid, dataset: { sid: n.sid }, offsetLeft: 0, offsetTop: 0 })
    for (const current of bound) {
      page.eh({
        type: 'tap',
        timeStamp: Date.now(),
        target: ref(target),
        currentTarget: ref(current),
        detail: { x: 10, y: 10 },
        touches: [],
        changedTouches: [],
      })
    }
  }

  /** A native page's tap: found and bubbled in WeChat's rendered template (native-tap.ts). */
  private nativeTap(selector: Selector): void {
    const page = this.currentPage
    const elementPath = pathToElement(this.rendered(), selector)
    if (!elementPath)
      throw new Error(
        `mp-host: nothing to tap: no element ${describeSelector(selector)} on ${page.route}; the page says: ${this.renderedText()}`,
      )
    for (const { method, event } of nativeTapCalls(elementPath)) {
      if (typeof page[method] !== 'function')
        throw new Error(`mp-host: ${page.route} binds tap to "${method}", which the page does not define`)
      page[method](event)
    }
  }

  /** Waits until `check` returns a truthy value (re-checked every 10 ms), and returns it. */
  async waitFor<T>(check: () => T, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      let value: T | undefined
      try {
        value = check()
      } catch {
        value = undefined
      }
      if (value) return value
      if (Date.now() > deadline) {
        const errors = this.errors.map((e) => String((e as Error)?.message ?? e)).join('\n  ')
        const last = this.stack.at(-1)
        const says = last && this.options.native ? this.renderedTextOf(last) : textOf(last?.data.root)
        const page = last?.route ?? 'no page'
        const scriptErrors = errors ? `\n  script errors:\n  ${errors}` : ''
        throw new Error(`mp-host: timed out after ${timeoutMs} ms waiting for ${what}; ${page} says: ${says}${scriptErrors}`)
      }
      await sleep(10)
    }
  }

  waitForText(text: string | RegExp, timeoutMs?: number): Promise<RenderedNode> {
    return this.waitFor(() => this.find({ text }), `text ${String(text)}`, timeoutMs)
  }

  waitForElement(id: string, timeoutMs?: number): Promise<RenderedNode> {
    return this.waitFor(() => this.find(id), `#${id}`, timeoutMs)
  }

  /**
   * WeChat builds only, opt-in: the current page's `data` rendered by WeChat's own compiled
   * template (`wcc` via miniprogram-compiler, see wxml-render.ts) — the virtual DOM WeChat would
   * draw, where `wx:if`, template dispatch and `hidden` are WeChat's decisions. The build's WXML is
   * compiled on the first call. Template runtime warnings go to `templateWarnings`.
   */
  rendered(): VNode {
    if (this.platform !== 'weapp')
      throw new Error(`mp-host: rendered() runs WeChat's template compiler, so it needs a weapp build (this is ${this.platform})`)
    const compiled = compiledWxmlOf(this.options.dir)
    const page = this.currentPage
    const vdom = compiled.render(page.route, page.data)
    this.templateWarnings.push(...compiled.takeWarnings())
    return vdom
  }

  /** The text a WeChat user sees on the current page: `rendered()`'s visible text (hidden parts skipped). */
  renderedText(): string {
    return visibleText(this.rendered())
  }

  private renderedTextOf(page: PageInstance): string {
    const compiled = compiledWxmlOf(this.options.dir)
    const text = visibleText(compiled.render(page.route, page.data))
    this.templateWarnings.push(...compiled.takeWarnings())
    return text
  }

  /** Calls of one platform API. */
  callsOf(api: string): ApiCall[] {
    return this.calls.filter((c) => c.api === api)
  }

  close(): void {
    while (this.stack.length) this.stack.pop()!.onUnload?.()
    this.sandbox.dispose()
  }
}

function describeSelector(s: Selector): string {
  return typeof s === 'string' ? `#${s}` : `with text ${String(s.text)}`
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/** Creates a host for the build and launches it (app start + first page rendered). */
export async function launchMiniProgram(options: LaunchOptions): Promise<MiniProgramHost> {
  const host = new MiniProgramHost(options)
  await host.launch()
  return host
}
