/**
 * Rendering a WeChat build's pages with WeChat's own template compiler (`wcc`, shipped for Linux,
 * macOS and Windows in the `miniprogram-compiler` package): the build's WXML is compiled once into
 * the `$gwx` function WeChat's render layer runs, and a page's `data` goes through
 * `$gwx('<route>.wxml')(data)` into the virtual DOM WeChat would draw. `wx:if`/`wx:for`, template
 * dispatch (`<template is>`), WXS (`utils.wxs`) and `hidden` are all decided by WeChat's code, not
 * ours, so the visible text here is what a WeChat user would read — not merely what Taro sent.
 *
 * Not modelled: styles (WXSS `display: none` is not applied; see `compileWxss` for compiling them)
 * and native components' own UI (a `<button>` shows its children only).
 *
 * The calls (`wxmlToJs(root)` → `$gwx('<file>.wxml')(data)`, `wxssToJs(root)`) are the ones the
 * package's README (node_modules/miniprogram-compiler/README.md, 0.2.3) documents.
 */
import { spawnSync } from 'node:child_process'
import { accessSync, chmodSync, constants as fsConstants, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import vm from 'node:vm'

interface MiniprogramCompiler {
  wxmlToJs(rootPath: string, options?: { wxmlList?: string[]; maxBuffer?: number }): string
  wxssToJs(rootPath: string, options?: { wxssList?: string[]; maxBuffer?: number }): string
}

const requireCjs = createRequire(__filename)
const compiler = requireCjs('miniprogram-compiler') as MiniprogramCompiler
const COMPILER_BIN = path.join(path.dirname(requireCjs.resolve('miniprogram-compiler/package.json')), 'bin')
/** The compiled output is large (the base template has one template per node kind and depth). */
const MAX_BUFFER = 64 * 1024 * 1024

/** A node of the virtual DOM `$gwx` returns: `wx-<tag>` elements with `attr`, and plain strings for text. */
export interface VNode {
  tag: string
  attr?: Record<string, unknown>
  children?: Array<VNode | string>
  [key: string]: unknown
}

export interface CompiledWxml {
  /** WXML files compiled, relative to the build root (`pages/index/index.wxml`, `base.wxml`, …). */
  files: string[]
  /** The virtual DOM of `<file>.wxml` (`pages/index/index`, no extension) rendered with `data`. */
  render(file: string, data: Record<string, unknown>): VNode
  /** `WXMLRT_*` warnings the template runtime printed (missing templates, recursion) since the last call. */
  takeWarnings(): string[]
}

/** Files with this extension under `dir`, relative, sorted (what the compilers are given). */
export function filesOf(dir: string, ext: string): string[] {
  const out: string[] = []
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(child)
      } else if (entry.name.endsWith(ext)) out.push(child)
    }
  }
  walk('')
  return out.sort()
}

/**
 * Compiles every WXML file of the build (and the WXS they load) with WeChat's `wcc`. Throws with
 * `wcc`'s own message (`file:line:col: …`) on a compile error.
 */
export function compileWxml(dir: string): CompiledWxml {
  const files = filesOf(dir, '.wxml')
  if (files.length === 0) throw new Error(`wxml-render: no .wxml files in ${dir}`)
  let source: string
  try {
    source = compiler.wxmlToJs(dir, { wxmlList: files, maxBuffer: MAX_BUFFER })
  } catch (err) {
    throw new Error(`WeChat's wcc rejected the WXML of ${dir}: ${(err as Error).message}`)
  }
  const warnings: string[] = []
  const log = (...args: unknown[]) => warnings.push(args.map(String).join(' '))
  // The render layer's globals the generated code reads: `window` (engine version checks; left
  // undefined so `$gwx` returns the plain tree), `__wxAppCode__` / `__vd_version_info__` (read by
  // some compiler versions), and a console whose warnings we keep.
  const context = vm.createContext({
    window: {},
    __wxAppCode__: {},
    __vd_version_info__: {},
    console: { log, warn: log, error: log, info: log, debug: () => {} },
  })
  const gwx = vm.runInContext(`(function(global){${source}\n})({})`, context, { filename: `${dir}/$gwx.js` }) as (
    p: string,
  ) => ((env: object, dd: object, global?: object) => VNode) | undefined
  return {
    files,
    render(file, data) {
      const wxml = `${file.replace(/\.wxml$/, '')}.wxml`
      const generate = gwx(wxml)
      if (!generate) throw new Error(`wxml-render: ${wxml} is not among the compiled files (${files.join(', ')})`)
      // The render layer receives a deep copy of the page data, never the logic layer's objects.
      const root = generate(JSON.parse(JSON.stringify(data)), {}, {})
      return expandComponents(root, this)
    },
    takeWarnings() {
      return warnings.splice(0)
    },
  }
}

/**
 * Taro's recursive custom component (`<comp i="{{…}}" l="{{…}}">`, used for trees deeper than the
 * base template's depth) is a separate component in WeChat: its own template renders its own
 * properties. Rendered here in place, as WeChat would inside the component's shadow tree.
 */
function expandComponents(node: VNode, compiled: CompiledWxml): VNode {
  for (const [i, child] of (node.children ?? []).entries()) {
    if (typeof child === 'string') continue
    if (child.tag === 'wx-comp' && compiled.files.includes('comp.wxml')) {
      const props = { i: child.attr?.i, l: child.attr?.l }
      node.children![i] = { ...child, children: compiled.render('comp', props).children }
    }
    expandComponents(node.children![i] as VNode, compiled)
  }
  return node
}

/** Whether an element is drawn: `hidden` (any truthy value but the string "false") hides it and its subtree. */
function isHidden(node: VNode): boolean {
  const hidden = node.attr?.hidden
  return hidden !== undefined && hidden !== false && hidden !== 'false' && hidden !== null && hidden !== ''
}

/** The text a user would read in the rendered tree, in document order (hidden subtrees and WXS skipped). */
export function visibleText(node: VNode | string | undefined): string {
  if (node === undefined) return ''
  if (typeof node === 'string') return node
  if (isHidden(node) || node.tag === 'wx-wxs') return ''
  return (node.children ?? []).map(visibleText).join('')
}

/** Every element carrying this `id` attribute. */
export function findByIdAttr(node: VNode | string, id: string): VNode | undefined {
  if (typeof node === 'string') return undefined
  if (node.attr?.id === id) return node
  for (const child of node.children ?? []) {
    const found = findByIdAttr(child, id)
    if (found) return found
  }
  return undefined
}

const cache = new Map<string, { stamp: number; compiled: CompiledWxml }>()

/** `compileWxml`, once per build folder (again only if the build's app.json was rewritten). */
export function compiledWxmlOf(dir: string): CompiledWxml {
  const key = path.resolve(dir)
  const stamp = statSync(path.join(key, 'app.json')).mtimeMs
  const hit = cache.get(key)
  if (hit && hit.stamp === stamp) return hit.compiled
  const compiled = compileWxml(key)
  cache.set(key, { stamp, compiled })
  return compiled
}

export interface CompiledWxss {
  /** Every WXSS file given to `wcsc`, relative to the build root. */
  files: string[]
  /**
   * The app's and each page's style sheet (`app.wxss`, `pages/index/index.wxss`): the CSS WeChat
   * injects for it, `@import`ed files inlined and rpx turned into px for a 375 px wide screen.
   * Files only ever imported (`common.wxss`) have no entry of their own.
   */
  css: Record<string, () => string>
}

/**
 * Compiles every WXSS file of the build with WeChat's `wcsc`. Throws with `wcsc`'s own message on
 * a compile error (the package's `wxssToJs` loses it: on failure it returns, not throws, the error).
 */
export function compileWxss(dir: string): CompiledWxss {
  const files = filesOf(dir, '.wxss')
  if (files.length === 0) throw new Error(`wxml-render: no .wxss files in ${dir}`)
  const failure = runWcscForErrors(dir, files)
  if (failure) throw new Error(`WeChat's wcsc rejected the WXSS of ${dir}: ${failure}`)
  const source = compiler.wxssToJs(dir, { wxssList: files, maxBuffer: MAX_BUFFER })
  // The generated code hands each file's CSS to the render layer's style sheet manager when there
  // is one (else it writes <style> elements): we give it one that keeps the CSS.
  let css = ''
  const context = vm.createContext({
    window: {
      screen: { width: 375, height: 667 },
      devicePixelRatio: 2,
      __styleSheetManager2__: { addItem() {}, setCss: (_key: string, text: string) => (css = text) },
    },
    navigator: { userAgent: 'mp-host' },
    __wxAppCode__: {},
    __vd_version_info__: {},
    console: { log() {}, warn() {}, error() {}, info() {} },
  })
  const lookup = vm.runInContext(`(function(global){${source}\n})({})`, context, { filename: `${dir}/$gwxss.js` }) as (
    file: string,
  ) => ((suffix?: string) => void) | undefined
  const out: Record<string, () => string> = {}
  for (const file of files) {
    const inject = lookup(file)
    if (typeof inject !== 'function') continue
    out[file] = () => {
      css = ''
      inject()
      return css
    }
  }
  return { files, css: out }
}

/** Runs `wcsc` the way `wxssToJs` does, returning its error output if it fails. */
function runWcscForErrors(dir: string, files: string[]): string | undefined {
  const bin = path.join(
    COMPILER_BIN,
    process.platform === 'darwin' ? 'mac/wcsc' : process.platform === 'linux' ? 'linux/wcsc' : 'windows/wcsc.exe',
  )
  // The package ships wcsc without the execute bit and only sets it inside wxssToJs (miniprogram-compiler/src/wcsc.js):
  // on a fresh install, called directly first, it would fail with EACCES.
  ensureExecutable(bin)
  const res = spawnSync(bin, ['-db', '-pc', '0', ...files], { cwd: dir, maxBuffer: MAX_BUFFER })
  if (res.error) throw res.error
  if (res.status === 0) return undefined
  return `${res.stderr.toString().trim() || res.stdout.toString().slice(0, 500)} (exit ${res.status})`
}

function ensureExecutable(file: string): void {
  try {
    accessSync(file, fsConstants.X_OK)
  } catch {
    chmodSync(file, 0o755)
  }
}
