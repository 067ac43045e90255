/**
 * The non-network half of a fake `wx` / `my` / `dd`: login, photo picker, file info, compression,
 * storage, clipboard, navigation, toasts, system info. Shapes follow each platform's documentation:
 *
 * (docs/platform-contracts.md has the vendor links for every row.)
 * | API            | wx                                   | my (Alipay)                          | dd (DingTalk)                          |
 * | login          | `login` → `{code}`                   | `getAuthCode({scopes})` → `{authCode}` | `getAuthCode({corpId?})` → `{authCode}` |
 * | pick a photo   | `chooseMedia` → `tempFiles[{tempFilePath,size,fileType}]` (`chooseImage` still answers, unmaintained) | `chooseImage` → `tempFilePaths`, `tempFiles[{path,size}]` | `chooseImage` → `filePaths`, `files[{path,size,fileType}]` |
 * | image info     | `getImageInfo({src})` → `{width,height,path,orientation,type:'jpeg'}` | same, `type: 'jpg'` | `{width,height,path}` only |
 * | file info      | `getFileInfo({filePath})`            | `getFileInfo({apFilePath})`          | `getFileInfo({filePath})`              |
 * | compress       | `compressImage({src, quality, compressedWidth?, compressedHeight?})` → `{tempFilePath}` | `compressImage({apFilePaths, compressLevel})` → `{apFilePaths}` | `compressImage({filePaths, compressLevel})` → `{filePaths}` |
 * | save to album  | `saveImageToPhotosAlbum({filePath})` (local files only; scope.writePhotosAlbum: denied → `fail auth deny`, errno 103) | same (denied: error 15) | same (denied: error 17) |
 * | settings       | `openSetting` → `{authSetting}`      | `openSetting`                        | none documented                        |
 * | privacy (wx)   | an API not declared in the privacy guide fails `…:fail api scope is not declared in the privacy agreement`, errno 112 |  |  |
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
  /** How this device is set up; defaults: everything declared and granted. */
  device?: DeviceSetup
  /** Every image saved to the album, in order. */
  album?: Array<{ path: string; data: Uint8Array }>
}

export interface DeviceSetup {
  /** wx APIs the mini program has NOT declared in its privacy guide (用户隐私保护指引). */
  undeclaredPrivacyApis?: string[]
  /** The user refused writing to the album (wx scope.writePhotosAlbum / my, dd album permission). Cleared by `openSetting`. */
  albumDenied?: boolean
}

export function createDeviceApis(ctx: DeviceContext): Record<string, (...args: any[]) => unknown> {
  const isWx = ctx.platform === 'weapp'
  const storage = new Map<string, string>()
  let tempCounter = 0

  const answer = (api: string, o: Options, ok: boolean, payload: Options) =>
    ctx.later(() => {
      const res = isWx ? { ...payload, errMsg: `${api}:${ok ? 'ok' : 'fail'}${ok ? '' : ` ${String(payload.errMsg ?? payload.errorMessage ?? '')}`}` } : payload
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

  const setup = { undeclared: new Set(ctx.device?.undeclaredPrivacyApis ?? []), albumDenied: ctx.device?.albumDenied ?? false }
  /** wx privacy: an undeclared API fails before it does anything. True when it failed. */
  const privacyRefused = (api: string, o: Options) => {
    if (!isWx || !setup.undeclared.has(api)) return false
    answer(api, o, false, { errMsg: 'api scope is not declared in the privacy agreement', errno: 112 })
    return true
  }

  function pickPhoto(api: string, o: Options, shape: (path: string, size: number, type: string) => Options) {
    if (privacyRefused(api, o)) return
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
    getImageInfo: (o: Options) => {
      if (typeof o?.src !== 'string') return failWith('getImageInfo', o, 2, isWx ? 'parameter error: src should be String' : 'src is required')
      const file = ctx.files.get(o.src)
      if (!file) return failWith('getImageInfo', o, 12, isWx ? 'file not exist' : '文件不存在')
      sharp(Buffer.from(file.data)).metadata().then(
        (m) => {
          const base = { width: m.width, height: m.height, path: o.src }
          // wx `type` jpeg|png|gif|tiff|unknown; my jpg|png|gif|webp|bmp…; dd gives no type.
          const word = m.format === 'jpeg' ? (isWx ? 'jpeg' : 'jpg') : (m.format ?? 'unknown')
          answer('getImageInfo', o, true, ctx.platform === 'dd' ? base : { ...base, orientation: 'up', type: word })
        },
        () => failWith('getImageInfo', o, isWx ? 0 : 18, isWx ? 'invalid image' : '图片格式不支持'),
      )
    },
    saveImageToPhotosAlbum: (o: Options) => {
      if (privacyRefused('saveImageToPhotosAlbum', o)) return
      if (setup.albumDenied) {
        if (isWx) return answer('saveImageToPhotosAlbum', o, false, { errMsg: 'auth deny', errno: 103 })
        return failWith('saveImageToPhotosAlbum', o, ctx.platform === 'alipay' ? 15 : 17, ctx.platform === 'alipay' ? '相册权限未开启' : '保存失败')
      }
      // Local files only (wx: "不支持网络图片路径"; dd: local images only).
      const file = ctx.files.get(o?.filePath)
      if (!file || /^https?:\/\/(?!resource\/)/.test(String(o?.filePath))) return failWith('saveImageToPhotosAlbum', o, 2, isWx ? 'invalid file path' : 'filePath 无效')
      ctx.album?.push({ path: o.filePath, data: file.data })
      answer('saveImageToPhotosAlbum', o, true, {})
    },
  }
  if (ctx.platform !== 'dd') {
    // The user opens the settings page and allows the album.
    common.openSetting = (o: Options) => {
      setup.albumDenied = false
      answer('openSetting', o, true, { authSetting: isWx ? { 'scope.writePhotosAlbum': true } : { album: true } })
    }
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
        reencode(file.data, Number(o.quality ?? 80), o.compressedWidth, o.compressedHeight).then(
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
        ctx.platform === 'dd' ? { filePaths: [path], files: [{ path, size, fileType: type.split('/')[1] ?? 'jpg' }] } : { tempFilePaths: [path], tempFiles: [{ path, size }] },
      ),
    compressImage: (o: Options) => {
      // my: `apFilePaths` in and out; dd: `filePaths` (dd-compressimage).
      const field = ctx.platform === 'dd' ? 'filePaths' : 'apFilePaths'
      if (!Array.isArray(o?.[field])) return failWith('compressImage', o, 2, `${field} is required`)
      const inputs = (o[field] as string[]).map((p) => ctx.files.get(p))
      if (inputs.some((f) => !f)) return failWith('compressImage', o, 12, '文件不存在')
      // compressLevel: 0 low, 1 medium, 2 high quality, 3 unchanged, 4 by network (medium here).
      const quality = ({ 0: 40, 1: 60, 2: 80, 3: 100, 4: 60 } as Record<number, number>)[Number(o.compressLevel ?? 4)] ?? 60
      Promise.all(inputs.map((f) => (quality === 100 ? Promise.resolve(f!.data) : reencode(f!.data, quality)))).then(
        (outs) => answer('compressImage', o, true, { [field]: outs.map((d) => tempFile(d, 'image/jpeg')) }),
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

/** Real JPEG re-encoding (sharp), as the device would do it; wx may also scale to a width/height. */
async function reencode(data: Uint8Array, quality: number, width?: number, height?: number): Promise<Uint8Array> {
  const q = Math.max(1, Math.min(100, Math.round(quality)))
  let img = sharp(Buffer.from(data))
  if (width || height) img = img.resize({ width: width || undefined, height: height || undefined, fit: 'inside' })
  return new Uint8Array(await img.jpeg({ quality: q }).toBuffer())
}
