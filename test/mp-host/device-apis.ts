/**
 * The non-network half of a fake `wx` / `my` / `dd`: login, photo picker, file info, compression,
 * storage, clipboard, navigation, toasts, system info. Shapes follow each platform's documentation:
 *
 * (docs/platform-contracts.md has the vendor links for every row.)
 * - login: wx `login` → `{code}`; my `getAuthCode({scopes})` → `{authCode}`; dd `getAuthCode({corpId?})` → `{authCode}`.
 * - pick a photo:
 *   wx `chooseMedia` → `tempFiles[{tempFilePath,size,fileType}]` (`chooseImage` still answers, unmaintained);
 *   my `chooseImage` → `tempFilePaths`, `tempFiles[{path,size}]`; dd `chooseImage` → `filePaths`, `files[{path,size,fileType}]`.
 * - image info: wx `getImageInfo({src})` → `{width,height,path,orientation,type:'jpeg'}`;
 *   my the same, `type: 'jpg'` (`heic` for HEIC); dd `{width,height,path}` only, network paths only (DeviceSetup).
 * - file info: wx `getFileInfo({filePath})`; my `getFileInfo({apFilePath})`;
 *   dd `getFileSystemManager().getFileInfo({filePath})` (no `dd.getFileInfo`).
 * - read a file: dd only, `getFileSystemManager().readFile({filePath})` → `{data: ArrayBuffer}`.
 * - compress: wx `compressImage({src, quality, compressedWidth?, compressedHeight?})` → `{tempFilePath}`;
 *   my `compressImage({apFilePaths, compressLevel})` → `{apFilePaths}`; dd `compressImage({filePaths, compressLevel})` → `{filePaths}`.
 * - offscreen canvas: wx `createOffscreenCanvas({type:'2d',width,height})` (2.16.1; default type webgl; legacy `(w,h)` = webgl);
 *   my `createOffscreenCanvas(w,h)` (2.7.3; default 100×100; before 2022-11 `{width,height,type}`, see DeviceSetup);
 *   dd none documented (not provided).
 * - canvas → file:
 *   wx `canvasToTempFilePath({canvas│canvasId,x,y,width,height,destWidth,destHeight,fileType,quality})` → `{tempFilePath}`;
 *   my the same (`canvas` from 2.7.15) → `{apFilePath}`; dd none documented for a 2d canvas (not provided).
 * - save to album: wx `saveImageToPhotosAlbum({filePath})` (local files only;
 *   scope.writePhotosAlbum: denied → `fail auth deny`, errno 103); my the same (denied: error 15); dd the same (denied: error 17).
 * - settings: wx `openSetting` → `{authSetting}`; my `openSetting`; dd none documented.
 * - privacy (wx only): an API not declared in the privacy guide fails
 *   `…:fail api scope is not declared in the privacy agreement`, errno 112.
 * - storage (sync): wx `getStorageSync(key)` → value or ''; my `getStorageSync({key})` → `{data}`; dd as Alipay.
 * - clipboard: wx `setClipboardData({data})`; my and dd `setClipboard({text})`.
 * - toast: wx `showToast({title})`; my and dd `showToast({content})`.
 *
 * The canvas is real image work (sharp): `image.src = path` decodes a file of `files` (missing →
 * `onerror`), `drawImage` records the draw, and the export composes the draws on a canvas-sized
 * transparent layer, crops the region, scales it to `destWidth`×`destHeight` and encodes
 * `fileType` (default png; jpg at `quality` in (0, 1], else 1). Only a 2d context is modelled
 * (`getContext('webgl')` answers null); contexts cannot be mixed with the canvas's type.
 *
 * Every async API answers on a later macrotask, like the real bridges. Failures use the platform's
 * shape: wx `{errMsg: '<api>:fail …'}`, my/dd `{error, errorMessage}`.
 */
import sharp from 'sharp'
import type { Platform } from '../fakes/mini-program-globals'

type Options = Record<string, any>
/**
 * Files on the device. `decoded`: what the phone's own decoder makes of a file sharp cannot read
 * (an iPhone HEIC photo: `data` holds its HEIF bytes, `decoded` the same picture as a JPEG), used
 * wherever the platform decodes (getImageInfo, a canvas image); reads of the file get `data`.
 */
export type DeviceFiles = Map<string, { data: Uint8Array; type?: string; decoded?: Uint8Array }>

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
  /**
   * my.createOffscreenCanvas as which revision of its page describes it: `positional` (default; the
   * current page and @mini-types/my, `(width, height)`) or `object` (before 2022-11, `{width, height, type}`).
   * Either runtime reads the other form as no size at all and makes its 100×100 default.
   */
  offscreenCanvasForm?: 'positional' | 'object'
  /**
   * dd.getImageInfo on a local path (`https://resource/…`, `https://usr/…`). Default false: the
   * current page says "目前仅支持网络图片路径" (jsapi-get-image-info); true plays a client that
   * still takes the chooseImage paths its legacy page's example passes (dd-getimageinfo).
   */
  ddImageInfoTakesLocalPaths?: boolean
  /**
   * dd FileSystemManager.readFile only on user files (`https://usr/…`), as both readFile pages word it
   * ("本地用户文件"); default false, as the file-manager overview gives temp files read permission.
   */
  ddReadFileUserFilesOnly?: boolean
}

export function createDeviceApis(ctx: DeviceContext): Record<string, (...args: any[]) => unknown> {
  const isWx = ctx.platform === 'weapp'
  const storage = new Map<string, string>()
  let tempCounter = 0

  const answer = (api: string, o: Options, ok: boolean, payload: Options) =>
    ctx.later(() => {
      const res = isWx
        ? { ...payload, errMsg: `${api}:${ok ? 'ok' : 'fail'}${ok ? '' : ` ${String(payload.errMsg ?? payload.errorMessage ?? '')}`}` }
        : payload
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
    const path = isWx ? `wxfile://tmp_${name}.${type === 'image/png' ? 'png' : 'jpg'}` : `https://resource/apml${name}.image`
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
      brand: 'mp-host',
      model: 'node',
      pixelRatio: 2,
      screenWidth: 375,
      screenHeight: 812,
      windowWidth: 375,
      windowHeight: 724,
      statusBarHeight: 44,
      language: 'zh_CN',
      version: isWx ? '8.0.50' : '10.6.0',
      system: 'Node',
      platform: 'devtools',
      SDKVersion: '3.5.0',
      ...(isWx ? {} : { app: ctx.platform === 'dd' ? 'DINGTALK' : 'alipay' }),
    }),
    canIUse: () => true, // replaced below once the API list is known
    nextTick: (fn: () => void) => void Promise.resolve().then(fn),
    navigateTo: (o: Options) => {
      ctx.navigateTo(String(o?.url ?? '')).then(
        () => answer('navigateTo', o, true, {}),
        (err) => failWith('navigateTo', o, 2, String(err)),
      )
    },
    navigateBack: (o: Options = {}) => {
      ctx.navigateBack(Number(o.delta ?? 1)).then(
        () => answer('navigateBack', o, true, {}),
        (err) => failWith('navigateBack', o, 2, String(err)),
      )
    },
    getFileInfo: (o: Options) => {
      const path = isWx || ctx.platform === 'dd' ? o.filePath : o.apFilePath
      const file = ctx.files.get(path)
      if (!file) return failWith('getFileInfo', o, 12, isWx ? 'file not exist' : '文件不存在')
      answer('getFileInfo', o, true, { size: file.data.byteLength, digest: '' })
    },
    getImageInfo: (o: Options) => {
      if (typeof o?.src !== 'string')
        return failWith('getImageInfo', o, 2, isWx ? 'parameter error: src should be String' : 'src is required')
      // dd: "图片路径，目前仅支持网络图片路径". The page names no error for it: 2 (bad parameter) is the host's choice.
      if (ctx.platform === 'dd' && !ctx.device?.ddImageInfoTakesLocalPaths && /^https:\/\/(resource|usr)\//.test(o.src)) {
        return failWith('getImageInfo', o, 2, '目前仅支持网络图片路径')
      }
      const file = ctx.files.get(o.src)
      if (!file) return failWith('getImageInfo', o, 12, isWx ? 'file not exist' : '文件不存在')
      sharp(Buffer.from(file.decoded ?? file.data))
        .metadata()
        .then(
          (m) => {
            const base = { width: m.width, height: m.height, path: o.src }
            // wx `type` jpeg|png|gif|tiff|unknown; my jpg|png|gif|webp|bmp|heic|hevc; dd gives no type.
            const heic = file.type === 'image/heic'
            const word = heic ? (isWx ? 'unknown' : 'heic') : m.format === 'jpeg' ? (isWx ? 'jpeg' : 'jpg') : (m.format ?? 'unknown')
            answer('getImageInfo', o, true, ctx.platform === 'dd' ? base : { ...base, orientation: 'up', type: word })
          },
          () => failWith('getImageInfo', o, isWx ? 0 : 18, isWx ? 'invalid image' : '图片格式不支持'),
        )
    },
    saveImageToPhotosAlbum: (o: Options) => {
      if (privacyRefused('saveImageToPhotosAlbum', o)) return
      if (setup.albumDenied) {
        if (isWx) return answer('saveImageToPhotosAlbum', o, false, { errMsg: 'auth deny', errno: 103 })
        return failWith(
          'saveImageToPhotosAlbum',
          o,
          ctx.platform === 'alipay' ? 15 : 17,
          ctx.platform === 'alipay' ? '相册权限未开启' : '保存失败',
        )
      }
      // Local files only (wx: "不支持网络图片路径"; dd: local images only).
      const file = ctx.files.get(o?.filePath)
      if (!file || /^https?:\/\/(?!resource\/)/.test(String(o?.filePath)))
        return failWith('saveImageToPhotosAlbum', o, 2, isWx ? 'invalid file path' : 'filePath 无效')
      ctx.album?.push({ path: o.filePath, data: file.data })
      answer('saveImageToPhotosAlbum', o, true, {})
    },
  }
  if (ctx.platform === 'dd') {
    // dd documents getFileInfo and readFile on its FileSystemManager only (client 6.5.26), not on `dd`.
    delete common.getFileInfo
    const manager = createFileManager(ctx, { answer, failWith })
    common.getFileSystemManager = () => manager
  }
  if (ctx.platform !== 'dd') {
    // The user opens the settings page and allows the album.
    common.openSetting = (o: Options) => {
      setup.albumDenied = false
      answer('openSetting', o, true, { authSetting: isWx ? { 'scope.writePhotosAlbum': true } : { album: true } })
    }
  }

  const canvases = createCanvasApis(ctx, { answer, failWith, tempFile })
  if (ctx.platform !== 'dd') Object.assign(common, canvases)

  if (isWx) {
    return {
      ...common,
      login: (o: Options) => answer('login', o, true, { code: ctx.mintLoginCode() }),
      chooseImage: (o: Options) => pickPhoto('chooseImage', o, (path, size) => ({ tempFilePaths: [path], tempFiles: [{ path, size }] })),
      chooseMedia: (o: Options) =>
        pickPhoto('chooseMedia', o, (path, size) => ({ type: 'image', tempFiles: [{ tempFilePath: path, size, fileType: 'image' }] })),
      compressImage: (o: Options) => {
        const file = ctx.files.get(o?.src)
        if (!file) return failWith('compressImage', o, 0, 'file not found')
        reencode(file.decoded ?? file.data, Number(o.quality ?? 80), o.compressedWidth, o.compressedHeight).then(
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
        ctx.platform === 'dd'
          ? { filePaths: [path], files: [{ path, size, fileType: type.split('/')[1] ?? 'jpg' }] }
          : { tempFilePaths: [path], tempFiles: [{ path, size }] },
      ),
    compressImage: (o: Options) => {
      // my: `apFilePaths` in and out; dd: `filePaths` (dd-compressimage).
      const field = ctx.platform === 'dd' ? 'filePaths' : 'apFilePaths'
      if (!Array.isArray(o?.[field])) return failWith('compressImage', o, 2, `${field} is required`)
      const inputs = (o[field] as string[]).map((p) => ctx.files.get(p))
      if (inputs.some((f) => !f)) return failWith('compressImage', o, 12, '文件不存在')
      // compressLevel: 0 low, 1 medium, 2 high quality, 3 unchanged, 4 by network (medium here).
      const quality = ({ 0: 40, 1: 60, 2: 80, 3: 100, 4: 60 } as Record<number, number>)[Number(o.compressLevel ?? 4)] ?? 60
      Promise.all(inputs.map((f) => (quality === 100 ? Promise.resolve(f!.data) : reencode(f!.decoded ?? f!.data, quality)))).then(
        (outs) => answer('compressImage', o, true, { [field]: outs.map((d) => tempFile(d, 'image/jpeg')) }),
        (err) => failWith('compressImage', o, 3, String(err)),
      )
    },
    getStorageSync: (o: Options) => ({ data: storage.has(o?.key) ? JSON.parse(storage.get(o.key)!) : null }),
    setStorageSync: (o: Options) => void storage.set(o.key, JSON.stringify(o.data)),
    removeStorageSync: (o: Options) => void storage.delete(o.key),
    setClipboard: (o: Options) =>
      typeof o?.text === 'string' ? answer('setClipboard', o, true, {}) : failWith('setClipboard', o, 2, 'text is required'),
    showToast: (o: Options) => answer('showToast', o, true, {}),
    hideToast: (o: Options) => answer('hideToast', o, true, {}),
  }
}

/**
 * dd.getFileSystemManager(): `getFileInfo({filePath})` → `{size, digest}` (12 文件不存在) and
 * `readFile({filePath, encoding?})` → `{data, success: true}`, an ArrayBuffer without `encoding`
 * (legacy page read-local-user-file; 10022 "文件不存在 <path>"). The pages say readFile reads
 * "本地用户文件"; the file-manager overview's table gives temp files read permission, so any file
 * of the device is read here.
 */
function createFileManager(ctx: DeviceContext, io: { answer: Answer; failWith: FailWith }) {
  return {
    getFileInfo: (o: Options) => {
      const file = ctx.files.get(o?.filePath)
      if (!file) return io.failWith('getFileInfo', o, 12, '文件不存在')
      io.answer('getFileInfo', o, true, { size: file.data.byteLength, digest: '' })
    },
    readFile: (o: Options) => {
      if (ctx.device?.ddReadFileUserFilesOnly && !/^https:\/\/usr\//.test(String(o?.filePath)))
        return io.failWith('readFile', o, 3, '未知错误')
      const file = ctx.files.get(o?.filePath)
      if (!file) return io.failWith('readFile', o, 10022, `文件不存在 ${String(o?.filePath)}`)
      const bytes = file.data.slice()
      if (o.encoding === undefined) return io.answer('readFile', o, true, { data: bytes.buffer, success: true })
      if (o.encoding === 'base64') return io.answer('readFile', o, true, { data: Buffer.from(bytes).toString('base64'), success: true })
      io.failWith('readFile', o, 2, `encoding ${String(o.encoding)} is not modelled`)
    },
  }
}

/** Real JPEG re-encoding (sharp), as the device would do it; wx may also scale to a width/height. */
async function reencode(data: Uint8Array, quality: number, width?: number, height?: number): Promise<Uint8Array> {
  const q = Math.max(1, Math.min(100, Math.round(quality)))
  let img = sharp(Buffer.from(data))
  if (width || height) img = img.resize({ width: width || undefined, height: height || undefined, fit: 'inside' })
  return new Uint8Array(await img.jpeg({ quality: q }).toBuffer())
}

// ---- offscreen canvas (wx, my) -----------------------------------------------------------------

interface Draw {
  data: Uint8Array
  /** Source rectangle (9-argument drawImage), else the whole image. */
  source?: { left: number; top: number; width: number; height: number }
  dx: number
  dy: number
  dw: number
  dh: number
}

interface FakeCanvas {
  width: number
  height: number
  getContext(type: string): unknown
  createImage(): FakeImage
}

interface FakeImage {
  src: string
  width: number
  height: number
  complete: boolean
  onload: ((...args: unknown[]) => void) | null
  onerror: ((...args: unknown[]) => void) | null
}

type Answer = (api: string, o: Options, ok: boolean, payload: Options) => void
type FailWith = (api: string, o: Options, error: number, message: string) => void

/** `createOffscreenCanvas` and `canvasToTempFilePath`, in the platform's shapes (see the table at the top). */
function createCanvasApis(
  ctx: DeviceContext,
  io: { answer: Answer; failWith: FailWith; tempFile: (data: Uint8Array, type: string) => string },
) {
  const isWx = ctx.platform === 'weapp'
  /** Each canvas this device made, with its draws; anything else passed as `canvas` is refused. */
  const drawsOf = new WeakMap<object, Draw[]>()
  /** Decoded image bytes, per image object. */
  const bytesOf = new WeakMap<object, Uint8Array>()

  function createOffscreenCanvas(first?: unknown, second?: unknown): FakeCanvas {
    // wx: `{type, width, height, compInst}` (2.16.1), or the legacy `(width, height, this)` which only makes webgl.
    // my: `(width?, height?)` on the current page, `{width, height, type}` before 2022-11 (DeviceSetup.offscreenCanvasForm).
    const legacy = typeof first === 'number' || first === undefined
    const myForm = ctx.device?.offscreenCanvasForm ?? 'positional'
    const o = (
      isWx
        ? legacy
          ? { width: first, height: second }
          : first
        : myForm === 'positional'
          ? legacy
            ? { width: first, height: second }
            : {}
          : legacy
            ? {}
            : first
    ) as Options
    if (o === null || typeof o !== 'object') throw new TypeError('createOffscreenCanvas: options must be an object')
    // wx: default webgl, and the legacy signature only makes webgl. my: no default documented (the first getContext decides).
    const type = o.type ?? (isWx ? 'webgl' : undefined)
    if (type !== undefined && type !== '2d' && type !== 'webgl')
      throw new TypeError(`createOffscreenCanvas: type must be 2d or webgl, got ${String(type)}`)
    // my: 100×100 when not given (doc); wx documents no default (300×150, the HTML canvas's, is assumed).
    const defaults = isWx ? [300, 150] : [100, 100]
    const size = (v: unknown, d: number) => {
      if (v === undefined) return d
      const n = Number(v)
      if (!Number.isFinite(n) || n <= 0) throw new TypeError(`createOffscreenCanvas: bad size ${JSON.stringify(v)}`)
      return Math.floor(n)
    }
    const width = size(o.width, defaults[0])
    const height = size(o.height, defaults[1])
    const draws: Draw[] = []
    let contextType: string | undefined = type
    const context2d = {
      drawImage(image: unknown, ...args: number[]) {
        const data = image && typeof image === 'object' ? bytesOf.get(image) : undefined
        if (!image || typeof image !== 'object' || !('src' in image))
          throw new TypeError('drawImage: the first argument must be an image from canvas.createImage()')
        if (!data) return // not loaded (yet): draws nothing, as on a real canvas
        const img = image as FakeImage
        const nums = args.map(Number)
        if (nums.some((n) => !Number.isFinite(n))) throw new TypeError('drawImage: coordinates must be numbers')
        if (nums.length === 2) draws.push({ data, dx: nums[0], dy: nums[1], dw: img.width, dh: img.height })
        else if (nums.length === 4) draws.push({ data, dx: nums[0], dy: nums[1], dw: nums[2], dh: nums[3] })
        else if (nums.length === 8) {
          draws.push({
            data,
            source: { left: nums[0], top: nums[1], width: nums[2], height: nums[3] },
            dx: nums[4],
            dy: nums[5],
            dw: nums[6],
            dh: nums[7],
          })
        } else throw new TypeError(`drawImage: takes 3, 5 or 9 arguments, got ${nums.length + 1}`)
      },
      clearRect() {
        draws.length = 0
      },
    }
    const canvas: FakeCanvas = {
      width,
      height,
      getContext(t: string) {
        if (contextType !== undefined && t !== contextType) return null // types cannot be mixed
        if (t !== '2d') return null // webgl is not modelled
        contextType = t
        return context2d
      },
      createImage() {
        let src = ''
        const image: FakeImage = {
          width: 0,
          height: 0,
          complete: false,
          onload: null,
          onerror: null,
          get src() {
            return src
          },
          set src(value: string) {
            src = String(value)
            image.complete = false
            bytesOf.delete(image)
            ctx.later(() => {
              const file = ctx.files.get(src)
              if (!file)
                return void image.onerror?.(isWx ? { errMsg: `image load failed: ${src}` } : { error: 12, errorMessage: '文件不存在' })
              const pixels = file.decoded ?? file.data
              sharp(Buffer.from(pixels))
                .metadata()
                .then(
                  (m) => {
                    if (!m.width || !m.height) throw new Error('no size')
                    image.width = m.width
                    image.height = m.height
                    image.complete = true
                    bytesOf.set(image, pixels)
                    image.onload?.()
                  },
                  () => image.onerror?.(isWx ? { errMsg: 'image decode failed' } : { error: 18, errorMessage: '图片格式不支持' }),
                )
            })
          },
        }
        return image
      },
    }
    drawsOf.set(canvas, draws)
    return canvas
  }

  function canvasToTempFilePath(o: Options) {
    const api = 'canvasToTempFilePath'
    if (o?.canvas === undefined && o?.canvasId === undefined)
      return io.failWith(api, o, 2, isWx ? 'parameter error: canvas or canvasId is required' : 'canvas or canvasId is required')
    if (o.canvas === undefined)
      return io.failWith(api, o, 1, isWx ? `canvas not found: ${String(o.canvasId)}` : 'canvas content or format wrong!') // no page <canvas> in the host
    const draws = o.canvas && typeof o.canvas === 'object' ? drawsOf.get(o.canvas) : undefined
    if (!draws) return io.failWith(api, o, 1, isWx ? 'invalid canvas' : 'canvas content or format wrong!')
    const canvas = o.canvas as FakeCanvas
    const num = (v: unknown, d: number) => (v === undefined ? d : Number(v))
    const x = num(o.x, 0)
    const y = num(o.y, 0)
    const width = num(o.width, canvas.width - x)
    const height = num(o.height, canvas.height - y)
    const destWidth = num(o.destWidth, width)
    const destHeight = num(o.destHeight, height)
    const all = [x, y, width, height, destWidth, destHeight]
    if (
      all.some((n) => !Number.isFinite(n)) ||
      width <= 0 ||
      height <= 0 ||
      destWidth <= 0 ||
      destHeight <= 0 ||
      x < 0 ||
      y < 0 ||
      x + width > canvas.width ||
      y + height > canvas.height
    ) {
      return io.failWith(
        api,
        o,
        2,
        `region ${x},${y} ${width}×${height} → ${destWidth}×${destHeight} is not inside the ${canvas.width}×${canvas.height} canvas`,
      )
    }
    const fileType = o.fileType === 'jpg' ? 'jpg' : 'png'
    const q = Number(o.quality)
    const quality = q > 0 && q <= 1 ? q : 1
    render(canvas.width, canvas.height, draws)
      .then((layer) =>
        sharp(layer)
          .extract({ left: Math.round(x), top: Math.round(y), width: Math.round(width), height: Math.round(height) })
          .resize(Math.round(destWidth), Math.round(destHeight), { fit: 'fill' })
          .toBuffer(),
      )
      .then((region) => {
        const img = sharp(region)
        return fileType === 'jpg'
          ? img
              .flatten({ background: '#ffffff' })
              .jpeg({ quality: Math.max(1, Math.round(quality * 100)) })
              .toBuffer()
          : img.png().toBuffer()
      })
      .then(
        (data) => {
          const path = io.tempFile(new Uint8Array(data), fileType === 'jpg' ? 'image/jpeg' : 'image/png')
          // my: `apFilePath` (the current page; @mini-types/my lists it beside tempFilePath); wx: `tempFilePath`.
          io.answer(api, o, true, isWx ? { tempFilePath: path } : { apFilePath: path })
        },
        (err) => io.failWith(api, o, 1, String(err)),
      )
  }

  return { createOffscreenCanvas, canvasToTempFilePath } as Record<string, (...args: any[]) => unknown>
}

/** The canvas's draws on a transparent `width`×`height` layer (PNG), each clipped to the canvas. */
async function render(width: number, height: number, draws: Draw[]): Promise<Buffer> {
  const layers: Array<{ input: Buffer; left: number; top: number }> = []
  for (const d of draws) {
    const dw = Math.round(d.dw)
    const dh = Math.round(d.dh)
    if (dw <= 0 || dh <= 0) continue
    let img = sharp(Buffer.from(d.data))
    if (d.source)
      img = img.extract({
        left: Math.round(d.source.left),
        top: Math.round(d.source.top),
        width: Math.round(d.source.width),
        height: Math.round(d.source.height),
      })
    const scaled = await img.resize(dw, dh, { fit: 'fill' }).png().toBuffer()
    const left = Math.round(d.dx)
    const top = Math.round(d.dy)
    const x0 = Math.max(0, left)
    const y0 = Math.max(0, top)
    const x1 = Math.min(width, left + dw)
    const y1 = Math.min(height, top + dh)
    if (x1 <= x0 || y1 <= y0) continue
    const whole = x0 === left && y0 === top && x1 === left + dw && y1 === top + dh
    const input = whole
      ? scaled
      : await sharp(scaled)
          .extract({ left: x0 - left, top: y0 - top, width: x1 - x0, height: y1 - y0 })
          .png()
          .toBuffer()
    layers.push({ input, left: x0, top: y0 })
  }
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite(layers)
    .png()
    .toBuffer()
}
