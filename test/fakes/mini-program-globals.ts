/**
 * Fake `wx`, `my` and `dd` globals that behave like their platforms' documented APIs (field
 * names, callback shapes, which failures go to `fail`) but do real HTTP, so tests check the bytes
 * on the wire. Files "on the device" come from a map of path → bytes.
 *
 * Documented behaviour modelled:
 * - wx.request: `header`; success for every HTTP status with `{data, statusCode, header}`;
 *   fail `{errMsg: 'request:fail …'}`. `dataType` other than 'json' leaves `data` a string.
 * - wx.uploadFile: requires `name`; success `{data, statusCode}`; task.onProgressUpdate (reported
 *   per 16 KiB the HTTP client pulls; wx `totalBytesSent…`, my/dd `totalBytesWritten…`).
 * - my.request / dd.httpRequest: `headers`; success `{data, status, headers}` for 2xx; for HTTP
 *   ≥ 400 fail with `{error: 19, errorMessage, status, data, headers}`; timeout error 13.
 * - A request without a content-type gets the platform's default, as the real clients add it:
 *   wx.request and my.request `application/json`, dd.httpRequest `application/x-www-form-urlencoded`
 *   (docs/platform-contracts.md, request table).
 * - DingTalk has `httpRequest` only: Alipay's my.request page says DingTalk does not support
 *   `request`, and DingTalk documents `dd.httpRequest` (docs/platform-contracts.md).
 * - my.uploadFile: requires `name` (the documented key since 2022-11; the legacy `fileName` is
 *   converted to it) and `fileType` (deprecated in the docs, still checked by Alipay's IDE); `hideLoading` defaults
 *   to false (the client draws its own loading overlay); upload timeout is error 12; the task has
 *   progress and abort. dd.uploadFile: requires `fileName` and `fileType` (error 2 without them;
 *   11 is "file not found") and returns NO task: no progress, no abort (jsapi-upload-file).
 *   Both answer `{data, statusCode: '200' (a string), header}`.
 */
export type Platform = 'weapp' | 'alipay' | 'dd'

type Options = Record<string, any>

/** Origins (`https://host[:port]`) on each of the console's lists. */
export interface AllowListCheck {
  request: string[]
  uploadFile: string[]
  downloadFile: string[]
}

export interface FakeGlobalOptions {
  files?: Map<string, { data: Uint8Array; type?: string }>
  /** Enforce the console's domain allow-lists (docs/platform-contracts.md "Allow-lists"). */
  allowList?: AllowListCheck
}

export interface PlatformCall {
  api: string
  options: Options
}

function headersOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {}
  // Platforms do not promise lower-case names; send them Title-Cased to make sure we normalize.
  res.headers.forEach((v, k) => (out[k.replace(/(^|-)([a-z])/g, (_m, d, c) => d + c.toUpperCase())] = v))
  return out
}

/** Bytes per progress step: real platforms report several times per upload, not only at the end. */
const PROGRESS_CHUNK = 16 * 1024

/**
 * Posts the multipart form as a stream and reports progress as the HTTP client pulls each chunk
 * (so the numbers follow the bytes actually handed to the socket). Field names per platform:
 * wx `totalBytesSent`/`totalBytesExpectedToSend`; my/dd `totalBytesWritten`/`totalBytesExpectedToWrite`.
 */
async function sendForm(
  form: FormData,
  o: Options,
  signal: AbortSignal,
  listeners: Array<(p: Options) => void>,
  isWx: boolean,
): Promise<Response> {
  const encoded = new Response(form)
  const bytes = new Uint8Array(await encoded.arrayBuffer())
  const total = bytes.byteLength
  let sent = 0
  const report = () => {
    const progress = Math.round((sent / total) * 100)
    const p = isWx
      ? { progress, totalBytesSent: sent, totalBytesExpectedToSend: total }
      : { progress, totalBytesWritten: sent, totalBytesExpectedToWrite: total }
    for (const l of listeners) l(p)
  }
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent >= total) return controller.close()
      // A phone's socket drains over time; yielding a macrotask per chunk lets the app render
      // between progress events as it would there (on loopback every chunk would land in one tick).
      if (sent > 0) await new Promise((r) => setTimeout(r, 0))
      const chunk = bytes.subarray(sent, sent + PROGRESS_CHUNK)
      sent += chunk.byteLength
      controller.enqueue(chunk)
      report()
    },
  })
  const headers = { ...((o.header ?? {}) as Record<string, string>), 'content-type': encoded.headers.get('content-type') ?? '' }
  return fetch(o.url, { method: 'POST', headers, body, signal, duplex: 'half' } as RequestInit)
}

/** What each platform's request API sends when the caller sets no content-type. */
const DEFAULT_CONTENT_TYPE: Record<string, string> = { request: 'application/json', httpRequest: 'application/x-www-form-urlencoded' }

export function createFakeGlobal(platform: Platform, options: FakeGlobalOptions = {}) {
  const files = options.files ?? new Map()
  const calls: PlatformCall[] = []
  const isWx = platform === 'weapp'

  /**
   * A call to a host that is not on the console's list fails before any byte is sent, in each
   * platform's words: wx `<api>:fail url not in domain list` (errno 600002); my.request
   * 无权跨域调用 and my.uploadFile error 4 (my.downloadFile is not governed by the list); dd
   * httpRequest error 11, uploadFile / downloadFile error 4.
   */
  function refusedHost(api: 'request' | 'httpRequest' | 'uploadFile' | 'downloadFile', url: string): Options | undefined {
    if (!options.allowList) return undefined
    if (platform === 'alipay' && api === 'downloadFile') return undefined
    const list = options.allowList[api === 'httpRequest' ? 'request' : api]
    const origin = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+)/i.exec(String(url))?.[1] ?? ''
    if (list.includes(origin)) return undefined
    if (isWx) return { errMsg: `${api}:fail url not in domain list`, errno: 600002 }
    if (platform === 'alipay')
      return api === 'request' ? { error: 4, errorMessage: '无权跨域调用' } : { error: 4, errorMessage: '无权调用该接口' }
    return api === 'httpRequest'
      ? { error: 11, errorMessage: 'url not in domain list' }
      : { error: 4, errorMessage: 'url not in domain list' }
  }

  /**
   * The client's own timeout for uploadFile / downloadFile: the `timeout` option where the page has
   * one (wx, my; default 60 s). dd documents none (jsapi-upload-file, jsapi-download-file): a dd
   * client ignores any `timeout` key and waits as long as the connection lives.
   */
  const clientTimeout = (o: Options, controller: AbortController) =>
    platform === 'dd' ? undefined : setTimeout(() => controller.abort('timeout'), o.timeout ?? 60000)

  const finish = (o: Options, ok: boolean, payload: Options) => {
    if (ok) o.success?.(payload)
    else o.fail?.(payload)
    o.complete?.(payload)
  }

  function doRequest(api: 'request' | 'httpRequest', o: Options) {
    calls.push({ api, options: o })
    const refused = refusedHost(api, o.url)
    if (refused) {
      setTimeout(() => finish(o, false, refused), 0)
      return { abort: () => {} }
    }
    const controller = new AbortController()
    const timeout = setTimeout(() => controller.abort('timeout'), o.timeout ?? 60000)
    const headers: Record<string, string> = { ...((isWx ? o.header : o.headers) ?? {}) }
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = DEFAULT_CONTENT_TYPE[api]
    const method = String(o.method ?? 'GET').toUpperCase()
    fetch(o.url, { method, headers, body: method === 'GET' ? undefined : o.data, signal: controller.signal })
      .then(async (res) => {
        clearTimeout(timeout)
        const text = await res.text()
        const wantJson = (o.dataType ?? 'json') === 'json'
        let data: unknown = text
        if (wantJson) {
          try {
            data = JSON.parse(text)
          } catch {
            data = text
          }
        }
        if (isWx) return finish(o, true, { data, statusCode: res.status, header: headersOf(res), errMsg: 'request:ok' })
        if (res.status >= 400)
          return finish(o, false, { error: 19, errorMessage: 'http status error', status: res.status, data, headers: headersOf(res) })
        finish(o, true, { data, status: res.status, headers: headersOf(res) })
      })
      .catch((err) => {
        clearTimeout(timeout)
        const reason = String(controller.signal.reason ?? err)
        if (isWx)
          return finish(o, false, {
            errMsg: `request:fail ${reason === 'timeout' ? 'timeout' : reason === 'abort' ? 'abort' : 'net::ERR_CONNECTION_REFUSED'}`,
          })
        finish(
          o,
          false,
          reason === 'timeout'
            ? { error: 13, errorMessage: '超时' }
            : reason === 'abort'
              ? { error: 9, errorMessage: 'abort' }
              : { error: 12, errorMessage: '网络出错' },
        )
      })
    return { abort: () => controller.abort('abort') }
  }

  function uploadFile(o: Options) {
    calls.push({ api: 'uploadFile', options: o })
    const listeners: Array<(p: Options) => void> = []
    const controller = new AbortController()
    const task = { abort: () => controller.abort('abort'), onProgressUpdate: (cb: (p: Options) => void) => void listeners.push(cb) }
    // dd documents no UploadTask: the call returns nothing to listen to or abort.
    const answerTask = platform === 'dd' ? undefined : task
    // my: `name`, or the legacy `fileName`, which the client converts to `name` (@mini-types/my).
    const field = platform === 'dd' ? o.fileName : platform === 'alipay' ? (o.name ?? o.fileName) : o.name
    const fail = (payload: Options) => setTimeout(() => finish(o, false, payload), 0)
    if (typeof field !== 'string' || !field) {
      fail(
        isWx
          ? { errMsg: 'uploadFile:fail parameter error: parameter.name should be String' }
          : { error: 2, errorMessage: `${platform === 'dd' ? 'fileName' : 'name'} is required` },
      )
      return answerTask
    }
    if (!isWx && !['image', 'video', 'audio'].includes(o.fileType)) {
      fail({ error: 2, errorMessage: 'fileType is required' })
      return answerTask
    }
    const refused = refusedHost('uploadFile', o.url)
    if (refused) {
      fail(refused)
      return answerTask
    }
    const file = files.get(o.filePath)
    if (!file) {
      fail(isWx ? { errMsg: 'uploadFile:fail file not found' } : { error: 11, errorMessage: '文件不存在' })
      return answerTask
    }
    const form = new FormData()
    for (const [k, v] of Object.entries((o.formData ?? {}) as Record<string, string>)) form.append(k, String(v))
    form.append(field, new Blob([file.data as BlobPart], { type: file.type ?? 'application/octet-stream' }), o.filePath.split('/').pop())
    const timeout = clientTimeout(o, controller)
    sendForm(form, o, controller.signal, listeners, isWx)
      .then(async (res) => {
        clearTimeout(timeout)
        const data = await res.text()
        if (isWx) return finish(o, true, { data, statusCode: res.status, errMsg: 'uploadFile:ok' })
        finish(o, true, { data, statusCode: String(res.status), header: headersOf(res) })
      })
      .catch(() => {
        clearTimeout(timeout)
        const reason = String(controller.signal.reason ?? '')
        if (isWx) return finish(o, false, { errMsg: `uploadFile:fail ${reason || 'net error'}` })
        // my.uploadFile: 12 "上传超时"; 9 abort. dd documents 12 as a network failure (and no timeout).
        if (reason === 'timeout') return finish(o, false, { error: 12, errorMessage: '上传超时' })
        finish(
          o,
          false,
          reason === 'abort'
            ? { error: 9, errorMessage: 'uploadFile:fail abort' }
            : { error: platform === 'alipay' ? 3 : 12, errorMessage: '上传文件失败' },
        )
      })
    return answerTask
  }

  /**
   * downloadFile: wx `{tempFilePath, statusCode}` for every status; my `{apFilePath}` and dd
   * `{filePath}` on 2xx only (else fail `{error: 12}`). The file lands in `files`, so it can be uploaded.
   */
  let downloads = 0
  function downloadFile(o: Options) {
    calls.push({ api: 'downloadFile', options: o })
    const controller = new AbortController()
    const listeners: Array<(p: Options) => void> = []
    const task = { abort: () => controller.abort('abort'), onProgressUpdate: (cb: (p: Options) => void) => void listeners.push(cb) }
    const refused = refusedHost('downloadFile', o.url)
    if (refused) {
      setTimeout(() => finish(o, false, refused), 0)
      return task
    }
    const timeout = clientTimeout(o, controller)
    fetch(o.url, { headers: o.header, signal: controller.signal })
      .then(async (res) => {
        const data = new Uint8Array(await res.arrayBuffer())
        clearTimeout(timeout)
        for (const l of listeners) l({ progress: 100, totalBytesWritten: data.length, totalBytesExpectedToWrite: data.length })
        const path = isWx ? `wxfile://tmp_download_${++downloads}` : `https://resource/apml_download_${++downloads}`
        files.set(path, { data, type: res.headers.get('content-type') ?? undefined })
        if (isWx) return finish(o, true, { tempFilePath: path, statusCode: res.status, errMsg: 'downloadFile:ok' })
        if (res.status >= 400) return finish(o, false, { error: 12, errorMessage: `download failed: HTTP ${res.status}` })
        finish(o, true, platform === 'dd' ? { filePath: path } : { apFilePath: path })
      })
      .catch(() => {
        clearTimeout(timeout)
        const reason = String(controller.signal.reason ?? '')
        // my.downloadFile lists 12 (download failed) and 13 (no permission): a timeout is a failed download.
        finish(
          o,
          false,
          isWx ? { errMsg: `downloadFile:fail ${reason || 'net error'}` } : { error: 12, errorMessage: reason || '下载文件失败' },
        )
      })
    return task
  }

  const api: Record<string, unknown> = { uploadFile, downloadFile }
  if (platform === 'dd') api.httpRequest = (o: Options) => doRequest('httpRequest', o)
  else api.request = (o: Options) => doRequest('request', o)
  return { api, calls }
}
