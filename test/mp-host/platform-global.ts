/**
 * The whole fake `wx` / `my` / `dd` a build sees: the network half from test/fakes (real HTTP) plus
 * the device half (device-apis.ts). Every API is a real own property (Taro binds what it finds with
 * `Object.keys(global)`), every call is recorded, and reading a name the host does not implement is
 * recorded too, so a test can fail on it instead of the app silently getting `undefined`.
 */
import { createFakeGlobal, type AllowListCheck, type Platform } from '../fakes/mini-program-globals'
import { createDeviceApis, type DeviceContext } from './device-apis'

export interface ApiCall {
  api: string
  /** The first argument (the options object for callback-style APIs). */
  options: any
  args: unknown[]
}

/** Properties the runtime itself keeps on the global; not APIs. */
const RUNTIME_SLOTS = new Set(['webpackJsonp', 'taroEventCenter'])
/**
 * Names Taro reads to see whether they exist, never calls when absent: `taro.cloud = wx.cloud`,
 * `taro.env = global.env || {}`, and on dd `request` (Taro's Alipay runtime takes `request` when
 * present, else `httpRequest`; DingTalk documents only httpRequest).
 */
const PROBES: Record<Platform, Set<string>> = {
  weapp: new Set(['cloud', 'env']),
  alipay: new Set(['cloud', 'env']),
  dd: new Set(['cloud', 'env', 'request']),
}

export function globalName(platform: Platform): 'wx' | 'my' | 'dd' {
  return platform === 'weapp' ? 'wx' : platform === 'alipay' ? 'my' : 'dd'
}

export function createPlatformGlobal(ctx: DeviceContext & { allowList?: AllowListCheck }) {
  const calls: ApiCall[] = []
  /** Names read from the global that it does not have (other than runtime slots). */
  const missing: string[] = []
  /** Reads of optional objects (PROBES) the host does not provide. */
  const probes: string[] = []
  const network = createFakeGlobal(ctx.platform, { files: ctx.files, allowList: ctx.allowList })
  const apis: Record<string, (...args: any[]) => unknown> = {
    ...createDeviceApis(ctx),
    ...(network.api as Record<string, (...args: any[]) => unknown>),
  }
  apis.canIUse = (name: unknown) => typeof name === 'string' && Object.prototype.hasOwnProperty.call(apis, name.split('.')[0])

  const target: Record<string, unknown> = {}
  const record = (name: string, fn: (...args: any[]) => unknown) =>
    function recorded(this: unknown, ...args: unknown[]) {
      calls.push({ api: name, options: args[0], args })
      return fn.apply(this, args)
    }
  for (const [name, fn] of Object.entries(apis)) target[name] = record(name, fn)
  const fileManager = apis.getFileSystemManager?.() as Record<string, (...args: any[]) => unknown> | undefined
  if (fileManager) {
    // dd: the manager's methods are recorded as `FileSystemManager.<name>`, and a read of one it lacks is missing.
    const methods = Object.fromEntries(Object.entries(fileManager).map(([name, fn]) => [name, record(`FileSystemManager.${name}`, fn)]))
    const manager = new Proxy(methods, {
      get: (t, key) => {
        if (typeof key === 'string' && !(key in t)) missing.push(`FileSystemManager.${key}`)
        return Reflect.get(t, key)
      },
    })
    target.getFileSystemManager = record('getFileSystemManager', () => manager)
  }
  if (ctx.platform === 'weapp') target.env = { USER_DATA_PATH: 'wxfile://usr' }

  const global = new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === 'string' && !(key in t) && !RUNTIME_SLOTS.has(key)) (PROBES[ctx.platform].has(key) ? probes : missing).push(key)
      return Reflect.get(t, key, receiver)
    },
  })
  return { global, calls, missing, probes }
}
