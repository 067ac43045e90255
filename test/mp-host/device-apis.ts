/**
 * The non-network half of a fake `wx` / `my` / `dd`: login, photo picker, file info, compression,
 * storage, clipboard, navigation, toasts, system info. Shapes follow each platform's documentation:
 *
 * | API            | wx                                   | my (Alipay)                          | dd (DingTalk)                          |
 * | login          | `login` → `{code}`                   | `getAuthCode({scopes})` → `{authCode}` | `getAuthCode({corpId?})` → `{authCode}` |
 * | pick a photo   | `chooseImage`/`chooseMedia` → `tempFilePaths`, `tempFiles[{path,size}]` | `chooseImage` → `apFilePaths` only | `chooseImage` → `filePaths`, `files[{path,size,fileType}]` |
 * | file info      | `getFileInfo({filePath})`            | `getFileInfo({apFilePath})`          | `getFileInfo({filePath})`              |
 * | compress       | `compressImage({src, quality})` → `{tempFilePath}` | `compressImage({apFilePaths, compressLevel})` → `{apFilePaths}` | as Alipay |
 * | storage (sync) | `getStorageSync(key)` → value or ''  | `getStorageSync({key})` → `{data}`   | as Alipay                              |
 * | clipboard      | `setClipboardData({data})`           | `setClipboard({text})`               | `setClipboard({text})`                 |
 * | toast          | `showToast({title})`                 | `showToast({content})`               | `showToast({content})`                 |
 *
 * Every async API answers on a later macrotask, like the real bridges. Failures use the platform's
 * shape: wx `{errMsg: '<api>:fail …'}`, my/dd `{error, errorMessage}`.
 */
import sharp from 'sharp'
import type { Platform } from '../fakes/mini-program-globals'

type Options = Record<string, any>
export type DeviceFiles = Map<string, { data: Uint8Array; type?: string }>

export interface DeviceContext {
  platform: Platform
  files: DeviceFiles
  /** A one-time login code for this platform, minted by the emulator. */
  mintLoginCode(): string
  /** The photo the next picker call answers with (a path in `files`), or 'cancel'. */
  nextPhoto(): string | 'cancel'
  navigateTo(url: string): Promise<void>
  navigateBack(delta: number): Promise<void>
  /** Schedules on the host's tracked timers. */
  later(fn: () => void): void
}

export function createDeviceApis(ctx: DeviceContext): Record<string, (...args: any[]) => unknown> {
  const isWx = ctx.platform === 'weapp'
  const storage = new Map<string, string>()
  let tempCounter = 0

  const answer = (api: string, o: Options, ok: boolean, payload: Options) =>
    ctx.later(() => {
      const res = isWx ? { errMsg: `${api}:${ok ? 'ok' : 'fail'}${ok ? '' : ` ${String(payload.errMsg ?? payload.errorMessage ?? '')}`}`, ...payload } : payload
      if (ok) o?.success?.(res)
      else o?.fail?.(res)
      o?.complete?.(res)
    })
  const failWith = (api: string, o: Options, error: number, message: string) =>
    answer(api, o, false, isWx ? { errMsg: message } : { error, errorMessage: message })

  /** A new temp path in this platform's style, holding `data`. */
  function tempFile(data: Uint8Array, type: string): string {
    tempCounter += 1
    const name = `${Date.now().toString(16)}${tempCounter}`
    const path = isWx ? `wxfile://tmp_${name}.jpg` : `https://resource/apml${name}.image`
    ctx.files.set(path, { data, type })
    return path
  }

  function pickPhoto(api: string, o: Options, shape: (path: string, size: number, type: string) => Options) {
    const chosen = ctx.nextPhoto()
    if (chosen === 'cancel') return failWith(api, o, 11, isWx ? 'cancel' : '用户取消操作')
    const file = ctx.files.get(chosen)
    if (!file) throw new Error(`mp-host: the next photo "${chosen}" is not in the files map`)
    answer(api, o, true, shape(chosen, file.data.byteLength, file.type ?? 'image/jpeg'))
  }

  const common: Record<string, (...args: any[]) => unknown> = {
    getSystemInfoSync: () => ({
      brand: 'mp-host', model: 'node', pixelRatio: 2, screenWidth: 375, screenHeight: 812, windowWidth: 375, windowHeight: 724,
      statusBarHeight: 44, language: 'zh_CN', version: isWx ? '8.0.50' : '10.6.0', system: 'Node', platform: 'devtools', SDKVersion: '3.5.0',
      ...(isWx ? {} : { app: ctx.platform === 'dd' ? 'DINGTALK' : 'alipay' }),
    }),
    canIUse: () => true, // replaced below once the API list is known
    nextTick: (fn: () => void) => void Promise.resolve().then(fn),
    navigateTo: (o: Options) => {
      ctx.navigateTo(String(o?.url ?? '')).then(() => answer('navigateTo', o, true, {}), (err) => failWith('navigateTo', o, 2, String(err)))
    },
    navigateBack: (o: Options = {}) => {
      ctx.navigateBack(Number(o.delta ?? 1)).then(() => answer('navigateBack', o, true, {}), (err) => failWith('navigateBack', o, 2, String(err)))
    },
    getFileInfo: (o: Options) => {
      const path = isWx || ctx.platform === 'dd' ? o.filePath : o.apFilePath
      const file = ctx.files.get(path)
      if (!file) return failWith('getFileInfo', o, 12, isWx ? 'file not exist' : '文件不存在')
      answer('getFileInfo', o, true, { size: file.data.byteLength, digest: '' })
    },
  }

  if (isWx) {
    return {
      ...common,
      login: (o: Options) => answer('login', o, true, { code: ctx.mintLoginCode() }),
      chooseImage: (o: Options) =>
        pickPhoto('chooseImage', o, (path, size) => ({ tempFilePaths: [path], tempFiles: [{ path, size }] })),
      chooseMedia: (o: Options) =>
        pickPhoto('chooseMedia', o, (path, size) => ({ type: 'image', tempFiles: [{ tempFilePath: path, size, fileType: 'image' }] })),
      compressImage: (o: Options) => {
        const file = ctx.files.get(o?.src)
        if (!file) return failWith('compressImage', o, 0, 'file not found')
        reencode(file.data, Number(o.quality ?? 80)).then(
          (data) => answer('compressImage', o, true, { tempFilePath: tempFile(data, 'image/jpeg') }),
          (err) => failWith('compressImage', o, 0, String(err)),
        )
      },
      getStorageSync: (key: string) => (storage.has(key) ? JSON.parse(storage.get(key)!) : ''),
      setStorageSync: (key: string, data: unknown) => void storage.set(key, JSON.stringify(data)),
      removeStorageSync: (key: string) => void storage.delete(key),
      setClipboardData: (o: Options) => answer('setClipboardData', o, true, {}),
      showToast: (o: Options) => answer('showToast', o, true, {}),
      hideToast: (o: Options) => answer('hideToast', o, true, {}),
    }
  }
  return {
    ...common,
    getAuthCode: (o: Options) => answer('getAuthCode', o, true, { authCode: ctx.mintLoginCode() }),
    chooseImage: (o: Options) =>
      pickPhoto('chooseImage', o, (path, size, type) =>
        ctx.platform === 'dd' ? { filePaths: [path], files: [{ path, size, fileType: type.split('/')[1] ?? 'jpg' }] } : { apFilePaths: [path] },
      ),
    compressImage: (o: Options) => {
      if (!Array.isArray(o?.apFilePaths)) return failWith('compressImage', o, 2, 'apFilePaths is required')
      const inputs = (o.apFilePaths as string[]).map((p) => ctx.files.get(p))
      if (inputs.some((f) => !f)) return failWith('compressImage', o, 12, '文件不存在')
      // compressLevel: 0 low, 1 medium, 2 high quality, 3 unchanged, 4 by network (medium here).
      const quality = ({ 0: 40, 1: 60, 2: 80, 3: 100, 4: 60 } as Record<number, number>)[Number(o.compressLevel ?? 4)] ?? 60
      Promise.all(inputs.map((f) => (quality === 100 ? Promise.resolve(f!.data) : reencode(f!.data, quality)))).then(
        (outs) => answer('compressImage', o, true, { apFilePaths: outs.map((d) => tempFile(d, 'image/jpeg')) }),
        (err) => failWith('compressImage', o, 3, String(err)),
      )
    },
    getStorageSync: (o: Options) => ({ data: storage.has(o?.key) ? JSON.parse(storage.get(o.key)!) : null }),
    setStorageSync: (o: Options) => void storage.set(o.key, JSON.stringify(o.data)),
    removeStorageSync: (o: Options) => void storage.delete(o.key),
    setClipboard: (o: Options) => (typeof o?.text === 'string' ? answer('setClipboard', o, true, {}) : failWith('setClipboard', o, 2, 'text is required')),
    showToast: (o: Options) => answer('showToast', o, true, {}),
    hideToast: (o: Options) => answer('hideToast', o, true, {}),
  }
}

/** Real JPEG re-encoding (sharp), as the device would do it. */
async function reencode(data: Uint8Array, quality: number): Promise<Uint8Array> {
  const q = Math.max(1, Math.min(100, Math.round(quality)))
  return new Uint8Array(await sharp(Buffer.from(data)).jpeg({ quality: q }).toBuffer())
}
