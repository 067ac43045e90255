/**
 * The wx and my calls of the adapters, type-checked against the vendors' own typings:
 * `miniprogram-api-typings` (global `wx`, namespace `WechatMiniprogram`) and `@mini-types/alipay`
 * (namespace `my`, from `@mini-types/my`). Compiled by tsconfig.platform-typings.json, which
 * `npm run typecheck` runs after the main project; never run, never bundled (type-only imports).
 *
 * For every call in the tables (WX_TRANSPORT, MY_TRANSPORT, WX_MEDIA, MY_MEDIA, WX_LOGIN, MY_LOGIN;
 * for MY_MEDIA's offscreen canvas also the canvas and image members `resize` uses):
 * - `Sends`: the options object the builder returns (each branch, when it spreads conditionally) is
 *   assignable to the API's official options type AND has no key that type lacks, so a misspelled
 *   optional key (`compressedWidht`) fails, not only a missing required one;
 * - `Reads`: every field the reader declares (nested through lists: `tempFiles[].tempFilePath`)
 *   exists in the official `success` (or progress-event) type, and the official field's type fits
 *   the one the reader expects.
 * `Covered` makes sure no table entry goes unchecked.
 *
 * Where the official typings disagree with the vendor's documentation, the official type is
 * patched here, explicitly, next to the doc it follows (the exported `Exception:` types). DingTalk publishes no
 * mini-program typings, so the dd tables are not checked.
 *
 * The two packages each declare the app-level globals (`App`, `Page`, `Component`, `getApp`,
 * `require`), which clash inside their .d.ts files; `skipLibCheck` (as in the main tsconfig) keeps
 * those clashes out, and nothing here uses them.
 */
import type { MY_LOGIN, MY_MEDIA, MY_TRANSPORT } from '../src/lib/platform/alipay'
import type { CanvasImageUse, OffscreenCanvasUse } from '../src/lib/platform/media'
import type { WX_LOGIN, WX_MEDIA, WX_TRANSPORT } from '../src/lib/platform/wechat'

// ---- helpers ---------------------------------------------------------------------------------

/** An API's options object, without the callbacks the adapters add themselves. */
type OptionsOf<F> = F extends (options: infer O, ...rest: never[]) => unknown
  ? Omit<NonNullable<O>, 'success' | 'fail' | 'complete'>
  : never

/** What an API hands to `success`. */
type SuccessOf<F> = F extends (options: infer O, ...rest: never[]) => unknown
  ? NonNullable<NonNullable<O> extends { success?: infer S } ? S : never> extends (res: infer R) => unknown
    ? R
    : never
  : never

/** What the task an API returns hands to an `onProgressUpdate` listener. */
type ProgressOf<F> = F extends (...args: never[]) => infer Task
  ? Task extends { onProgressUpdate(listener: (res: infer P) => void): void }
    ? P
    : never
  : never

/** `Base` with `Patch`'s fields in place of its own: the one way exceptions are written below. */
type Patched<Base, Patch> = Omit<Base, keyof Patch> & Patch

/** Fails unless `Ours` fits `Official` with no key `Official` lacks (checked per union member). */
type Sends<Official, Ours extends Official & { [K in keyof Ours]: K extends keyof Official ? unknown : never }> = Ours

/** `Ours` with every field `Official` lacks turned into `never`, through lists and nested objects. */
type Known<Ours, Official> = {
  [K in keyof Ours]: K extends keyof Official ? KnownValue<NonNullable<Ours[K]>, NonNullable<Official[K]>> : never
}
type KnownValue<O, F> =
  O extends ReadonlyArray<infer E>
    ? F extends ReadonlyArray<infer FE>
      ? Array<Known<E, FE>>
      : unknown
    : O extends object
      ? string extends keyof O
        ? unknown // a dictionary (`header`): any key may come
        : F extends object
          ? Known<O, F>
          : unknown
      : unknown

/** Fails unless every field `Ours` reads exists in `Official` and `Official`'s value fits it. */
type Reads<Official extends Ours, Ours extends Known<Ours, Official>> = Ours

/** Fails unless every key of `Table` is in `Checked`. */
type Covered<Table, Checked extends keyof Table> =
  Exclude<keyof Table, Checked> extends never ? true : { unchecked: Exclude<keyof Table, Checked> }
type Ok<T extends true> = T

type Built<F extends (...args: never[]) => unknown> = ReturnType<F>
type Read<F extends (res: never) => unknown> = Parameters<F>[0]

// ---- wx: transport ---------------------------------------------------------------------------

export type WxTransport = [
  Ok<Covered<typeof WX_TRANSPORT, 'request' | 'uploadFile' | 'downloadFile'>>,
  Sends<OptionsOf<typeof wx.request>, Built<typeof WX_TRANSPORT.request.options>>,
  Reads<SuccessOf<typeof wx.request>, Read<typeof WX_TRANSPORT.request.read>>,
  Sends<OptionsOf<typeof wx.uploadFile>, Built<typeof WX_TRANSPORT.uploadFile.options>>,
  Reads<SuccessOf<typeof wx.uploadFile>, Read<typeof WX_TRANSPORT.uploadFile.read>>,
  Reads<ProgressOf<typeof wx.uploadFile>, Read<typeof WX_TRANSPORT.uploadFile.progress>>,
  Sends<OptionsOf<typeof wx.downloadFile>, Built<typeof WX_TRANSPORT.downloadFile.options>>,
  Reads<SuccessOf<typeof wx.downloadFile>, Read<typeof WX_TRANSPORT.downloadFile.read>>,
  Reads<ProgressOf<typeof wx.downloadFile>, Read<typeof WX_TRANSPORT.downloadFile.progress>>,
]

// ---- wx: media -------------------------------------------------------------------------------

/**
 * Exception: the typings (5.x) no longer declare `wx.getFileInfo`, which WeChat stopped
 * maintaining in favour of `FileSystemManager.getFileInfo`; the package merged the two APIs' types
 * when they were identical (CHANGELOG v2.10.4: `WxGetFileInfo…` and `FileSystemManagerGetFileInfo…`
 * became `GetFileInfo…`), so `wx.getFileInfo({filePath})` is checked against those. The adapter
 * still calls `wx.getFileInfo`, which the clients keep answering.
 */
export type WxGetFileInfo = WechatMiniprogram.FileSystemManager['getFileInfo']

export type WxMedia = [
  Ok<
    Covered<
      typeof WX_MEDIA,
      'chooseMedia' | 'chooseImage' | 'getImageInfo' | 'getFileInfo' | 'compressImage' | 'saveImageToPhotosAlbum' | 'openSetting'
    >
  >,
  Sends<OptionsOf<typeof wx.chooseMedia>, Built<typeof WX_MEDIA.chooseMedia.options>>,
  Reads<SuccessOf<typeof wx.chooseMedia>, Read<typeof WX_MEDIA.chooseMedia.read>>,
  Sends<OptionsOf<typeof wx.chooseImage>, Built<typeof WX_MEDIA.chooseImage.options>>,
  Reads<SuccessOf<typeof wx.chooseImage>, Read<typeof WX_MEDIA.chooseImage.read>>,
  Sends<OptionsOf<typeof wx.getImageInfo>, Built<typeof WX_MEDIA.getImageInfo.options>>,
  Reads<SuccessOf<typeof wx.getImageInfo>, Read<typeof WX_MEDIA.getImageInfo.read>>,
  Sends<OptionsOf<WxGetFileInfo>, Built<typeof WX_MEDIA.getFileInfo.options>>,
  Reads<SuccessOf<WxGetFileInfo>, Read<typeof WX_MEDIA.getFileInfo.read>>,
  Sends<OptionsOf<typeof wx.compressImage>, Built<typeof WX_MEDIA.compressImage.options>>,
  Reads<SuccessOf<typeof wx.compressImage>, Read<typeof WX_MEDIA.compressImage.read>>,
  Sends<OptionsOf<typeof wx.saveImageToPhotosAlbum>, Built<typeof WX_MEDIA.saveImageToPhotosAlbum.options>>,
  Sends<OptionsOf<typeof wx.openSetting>, Built<typeof WX_MEDIA.openSetting.options>>,
]

// ---- wx: login -------------------------------------------------------------------------------

export type WxLogin = [
  Ok<Covered<typeof WX_LOGIN, 'login'>>,
  Sends<OptionsOf<typeof wx.login>, Built<typeof WX_LOGIN.login.options>>,
  Reads<SuccessOf<typeof wx.login>, Read<typeof WX_LOGIN.login.read>>,
]

// ---- my: transport ---------------------------------------------------------------------------

/**
 * Exception: `timeout` (ms, default 60000) is a documented option of my.uploadFile and
 * my.downloadFile (docs/platform-contracts.md "Defaults"; AlipayDocs/open-docs
 * mini/api/基础API/网络/my.uploadFile.md and my.downloadFile.md: "timeout | Number | 否 | 超时时间，
 * 默认值 60000"), but @mini-types/my 3.0.14 types neither. Nothing else is added: `fileName`
 * (legacy, "会转换成 name 字段"), `fileType` (deprecated, yet typed as required) and `hideLoading`
 * are in the typings as they are.
 */
export type WithTimeout<Options> = Options & { timeout?: number }

export type MyTransport = [
  Ok<Covered<typeof MY_TRANSPORT, 'request' | 'uploadFile' | 'downloadFile'>>,
  Sends<OptionsOf<typeof my.request>, Built<typeof MY_TRANSPORT.request.options>>,
  Reads<SuccessOf<typeof my.request>, Read<typeof MY_TRANSPORT.request.read>>,
  Sends<WithTimeout<OptionsOf<typeof my.uploadFile>>, Built<typeof MY_TRANSPORT.uploadFile.options>>,
  Reads<SuccessOf<typeof my.uploadFile>, Read<typeof MY_TRANSPORT.uploadFile.read>>,
  Reads<ProgressOf<typeof my.uploadFile>, Read<typeof MY_TRANSPORT.uploadFile.progress>>,
  Sends<WithTimeout<OptionsOf<typeof my.downloadFile>>, Built<typeof MY_TRANSPORT.downloadFile.options>>,
  Reads<SuccessOf<typeof my.downloadFile>, Read<typeof MY_TRANSPORT.downloadFile.read>>,
  Reads<ProgressOf<typeof my.downloadFile>, Read<typeof MY_TRANSPORT.downloadFile.progress>>,
]

// ---- my: media -------------------------------------------------------------------------------

/**
 * Exception: my.chooseImage's `tempFiles` is a list of `{path, size}` (docs/platform-contracts.md
 * chooseImage row; AlipayDocs/open-docs mini/api/基础API/多媒体/图片/my.chooseImage.md: "tempFiles |
 * Array<Object>"); @mini-types/my types it as one object.
 */
type MyChooseImageSuccess = SuccessOf<typeof my.chooseImage>
export type MyChooseImageAnswer = Patched<MyChooseImageSuccess, { tempFiles: Array<MyChooseImageSuccess['tempFiles']> }>

/**
 * Exception: my.getImageInfo's `type` is a word, `png|jpg|gif|webp|hevc|bmp|heic`
 * (docs/platform-contracts.md getImageInfo row; my.getImageInfo.md: "type | String"); the typings
 * say `number`.
 */
export type MyImageInfoAnswer = Patched<SuccessOf<typeof my.getImageInfo>, { type: string }>

/**
 * Exception: my.getFileInfo's `digestAlgorithm` is optional, default md5 (AlipayDocs/open-docs
 * mini/api/基础API/文件/my.getFileInfo.md: "digestAlgorithm | String | 否 | … 默认为 md5"); the
 * typings make it required. We only want `size`.
 */
export type MyGetFileInfoOptions = Patched<OptionsOf<typeof my.getFileInfo>, { digestAlgorithm?: 'md5' | 'sha1' }>

/**
 * my.createOffscreenCanvas: the current page's example and @mini-types/my 3.0.14 call it
 * `(width?, height?)`, checked against the typings; the page before 2022-11 took one object
 * `{width, height, type}` (AlipayDocs/open-docs mini/api/基础API/界面/画布/my.createOffscreenCanvas.md:
 * "type | String | 否 | 创建离屏 canvas 类型（2d/webgl）"), the kit's second form, checked against that table.
 */
export type MyCreateOffscreenCanvasOptions = { width?: number; height?: number; type?: '2d' | 'webgl' }
type MyCanvasForms = ReturnType<typeof MY_MEDIA.createOffscreenCanvas.forms>
type PositionalFits<Ours extends Parameters<typeof my.createOffscreenCanvas>> = Ours
type MyOffscreenCanvasResult = ReturnType<typeof my.createOffscreenCanvas>

/**
 * Exception: my.canvasToTempFilePath's `canvas` is an `Object`, "传入 canvas 组件实例（canvas
 * type="2d/webgl" 时使用该属性）", base library 2.7.15 (my.canvasToTempFilePath.md); the typings say
 * `CanvasContext` (the legacy context, which no 2d canvas is). Passing an offscreen canvas there
 * is not stated on the page (docs/platform-contracts.md, "Resizing on the device").
 */
export type MyCanvasToTempFilePathOptions = Patched<OptionsOf<typeof my.canvasToTempFilePath>, { canvas?: object }>

/**
 * Exception: OffscreenCanvas.getContext(contextType) is documented
 * (OffscreenCanvas/OffscreenCanvas.getContext.md: "返回 OffscreenCanvas 的绘制上下文", 2d or webgl) but
 * missing from @mini-types/my's OffscreenCanvas. `createImage` is typed; its Image's `src`, `width`,
 * `height`, `onload`, `onerror` are (画布/Image.md) — the typings make `src` readonly and
 * `onload`/`onerror` methods, where the doc assigns them (`img.onload = () => …`), so only the
 * names are checked here.
 */
export type MyOffscreenCanvas = MyOffscreenCanvasResult & { getContext(contextType: '2d' | 'webgl'): unknown }
type HasKeys<T, K extends PropertyKey> = Exclude<K, keyof T> extends never ? true : { missing: Exclude<K, keyof T> }

export type MyMedia = [
  Ok<
    Covered<
      typeof MY_MEDIA,
      | 'chooseImage'
      | 'getImageInfo'
      | 'getFileInfo'
      | 'compressImage'
      | 'saveImageToPhotosAlbum'
      | 'openSetting'
      | 'createOffscreenCanvas'
      | 'canvasToTempFilePath'
    >
  >,
  PositionalFits<MyCanvasForms[0]>,
  Sends<MyCreateOffscreenCanvasOptions, MyCanvasForms[1][0]>,
  Ok<HasKeys<MyOffscreenCanvas, keyof OffscreenCanvasUse>>,
  Ok<HasKeys<ReturnType<MyOffscreenCanvasResult['createImage']>, keyof CanvasImageUse>>,
  Sends<MyCanvasToTempFilePathOptions, Built<typeof MY_MEDIA.canvasToTempFilePath.options>>,
  Reads<SuccessOf<typeof my.canvasToTempFilePath>, Read<typeof MY_MEDIA.canvasToTempFilePath.read>>,
  Sends<OptionsOf<typeof my.chooseImage>, Built<typeof MY_MEDIA.chooseImage.options>>,
  Reads<MyChooseImageAnswer, Read<typeof MY_MEDIA.chooseImage.read>>,
  Sends<OptionsOf<typeof my.getImageInfo>, Built<typeof MY_MEDIA.getImageInfo.options>>,
  Reads<MyImageInfoAnswer, Read<typeof MY_MEDIA.getImageInfo.read>>,
  Sends<MyGetFileInfoOptions, Built<typeof MY_MEDIA.getFileInfo.options>>,
  Reads<SuccessOf<typeof my.getFileInfo>, Read<typeof MY_MEDIA.getFileInfo.read>>,
  Sends<OptionsOf<typeof my.compressImage>, Built<typeof MY_MEDIA.compressImage.options>>,
  Reads<SuccessOf<typeof my.compressImage>, Read<typeof MY_MEDIA.compressImage.read>>,
  Sends<OptionsOf<typeof my.saveImageToPhotosAlbum>, Built<typeof MY_MEDIA.saveImageToPhotosAlbum.options>>,
  Sends<OptionsOf<typeof my.openSetting>, Built<typeof MY_MEDIA.openSetting.options>>,
]

// ---- my: login -------------------------------------------------------------------------------

export type MyLogin = [
  Ok<Covered<typeof MY_LOGIN, 'getAuthCode'>>,
  Sends<OptionsOf<typeof my.getAuthCode>, Built<typeof MY_LOGIN.getAuthCode.options>>,
  Reads<SuccessOf<typeof my.getAuthCode>, Read<typeof MY_LOGIN.getAuthCode.read>>,
]
