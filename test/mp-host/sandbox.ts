/**
 * The JavaScript world of a mini program, in a `node:vm` context: only what the platforms' JS
 * engines give (ECMAScript built-ins, timers, console, the platform global, App/Page/Component,
 * getApp/getCurrentPages) — no `window`, `document`, `fetch`, `TextEncoder`, `URL` or
 * `setImmediate`, so code that needs them fails here as it would on a phone.
 *
 * Errors thrown from timer callbacks are caught and recorded (the platforms log them as script
 * errors and keep running); tests assert the list is empty.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'

export interface SandboxGlobals {
  [name: string]: unknown
}

export interface Sandbox {
  context: vm.Context
  /** Runs `<root>/<file>.js` (once) as a CommonJS module and returns its exports. */
  require(file: string): unknown
  errors: unknown[]
  logs: Array<{ level: string; text: string }>
  /** Names of other platforms' globals the code read (each read is a bug in that build). */
  wrongGlobalReads: string[]
  /** Runs `fn` on a later macrotask, tracked so `dispose` can cancel it. */
  later(fn: () => void, ms?: number): void
  dispose(): void
}

function describe(value: unknown): string {
  const stack = value && typeof value === 'object' && 'stack' in value ? value.stack : undefined
  if (typeof stack === 'string') return stack
  if (value instanceof Error) return `${value.name}: ${value.message}`
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value)
  } catch {
    return String(value)
  }
}

export function createSandbox(
  root: string,
  globals: SandboxGlobals,
  forbiddenGlobals: string[],
  options: { echo?: boolean } = {},
): Sandbox {
  const errors: unknown[] = []
  const logs: Sandbox['logs'] = []
  const wrongGlobalReads: string[] = []
  const timers = new Set<NodeJS.Timeout>()
  const intervals = new Set<NodeJS.Timeout>()

  const guard = (fn: unknown, args: unknown[]) => () => {
    try {
      if (typeof fn === 'function') fn(...args)
    } catch (err) {
      errors.push(err)
      if (options.echo !== false) console.error('mp-host: script error in a timer:', err)
    }
  }
  const setTimeoutFn = (fn: unknown, ms?: number, ...args: unknown[]) => {
    const t: NodeJS.Timeout = setTimeout(() => {
      timers.delete(t)
      guard(fn, args)()
    }, ms ?? 0)
    timers.add(t)
    return t
  }
  const clearTimeoutFn = (t: NodeJS.Timeout | undefined) => {
    if (!t) return
    clearTimeout(t)
    timers.delete(t)
  }
  const setIntervalFn = (fn: unknown, ms?: number, ...args: unknown[]) => {
    const t = setInterval(guard(fn, args), ms ?? 0)
    intervals.add(t)
    return t
  }
  const clearIntervalFn = (t: NodeJS.Timeout | undefined) => {
    if (!t) return
    clearInterval(t)
    intervals.delete(t)
  }
  const record =
    (level: string) =>
    (...args: unknown[]) => {
      const text = args.map(describe).join(' ')
      logs.push({ level, text })
      if (level === 'error') errors.push(new Error(`console.error: ${text}`))
      if (options.echo && level !== 'debug') console.log(`[mp ${level}]`, text)
    }
  const sandboxConsole = { log: record('log'), info: record('info'), warn: record('warn'), error: record('error'), debug: record('debug') }

  const sandbox: Record<string, unknown> = {
    console: sandboxConsole,
    setTimeout: setTimeoutFn,
    clearTimeout: clearTimeoutFn,
    setInterval: setIntervalFn,
    clearInterval: clearIntervalFn,
    ...globals,
  }
  for (const name of forbiddenGlobals) {
    Object.defineProperty(sandbox, name, {
      configurable: true,
      enumerable: false,
      get() {
        wrongGlobalReads.push(name)
        return undefined
      },
    })
  }
  const context = vm.createContext(sandbox, { name: `mini program ${path.basename(root)}` })

  const cache = new Map<string, { exports: unknown }>()
  function load(absolute: string): unknown {
    const cached = cache.get(absolute)
    if (cached) return cached.exports
    if (!absolute.startsWith(root + path.sep)) throw new Error(`mp-host: require outside the build: ${absolute}`)
    const module = { exports: {} as unknown }
    cache.set(absolute, module)
    const code = readFileSync(absolute, 'utf8')
    const wrapper = vm.runInContext(`(function (require, module, exports) {${code}\n})`, context, { filename: absolute }) as (
      r: (id: string) => unknown,
      m: { exports: unknown },
      e: unknown,
    ) => void
    const localRequire = (id: string) => load(resolve(path.dirname(absolute), id))
    wrapper.call(module.exports, localRequire, module, module.exports)
    return module.exports
  }
  function resolve(fromDir: string, id: string): string {
    // Mini programs resolve `./x`, `../x` and bare `x` relative to the requiring file; `.js` optional.
    const full = path.resolve(fromDir, id)
    return full.endsWith('.js') ? full : `${full}.js`
  }

  return {
    context,
    require: (file: string) => load(resolve(root, file)),
    errors,
    logs,
    wrongGlobalReads,
    later: (fn, ms) => void setTimeoutFn(fn, ms),
    dispose() {
      for (const t of timers) clearTimeout(t)
      for (const t of intervals) clearInterval(t)
      timers.clear()
      intervals.clear()
    },
  }
}
