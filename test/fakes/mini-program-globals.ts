/**
 * Fake `wx`, `my` and `dd` globals that behave like their platforms' documented APIs (field
 * names, callback shapes, which failures go to `fail`) but do real HTTP, so tests check the bytes
 * on the wire. Files "on the device" come from a map of path → bytes.
 *
 * Documented behaviour modelled:
 * - wx.request: `header`; success for every HTTP status with `{data, statusCode, header}`;
 *   fail `{errMsg: 'request:fail …'}`. `dataType` other than 'json' leaves `data` a string.
 * - wx.uploadFile: requires `name`; success `{data, statusCode}`; task.onProgressUpdate.
 * - my.request / dd.httpRequest: `headers`; success `{data, status, headers}` for 2xx; for HTTP
 *   ≥ 400 fail with `{error: 19, errorMessage, status, data, headers}`; timeout error 13.
 * - my.uploadFile / dd.uploadFile: require `fileName` and `fileType` (dd answers `{error: 11}`
 *   without fileType); success `{data, statusCode: '200' (a string), header}`.
 */
export type Platform = 'weapp' | 'alipay' | 'dd'

type Options = Record<string, any>

export interface FakeGlobalOptions {
  files?: Map<string, { data: Uint8Array; type?: string }>
  /** Omit `request` (older DingTalk has only httpRequest). */
  withoutRequest?: boolean
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

export function createFakeGlobal(platform: Platform, options: FakeGlobalOptions = {}) {
  const files = options.files ?? new Map()
  const calls: PlatformCall[] = []
  const isWx = platform === 'weapp'

  const finish = (o: Options, ok: boolean, payload: Options) => {
    if (ok) o.success?.(payload)
    else o.fail?.(payload)
    o.complete?.(payload)
  }

  function doRequest(api: string, o: Options) {
    calls.push({ api, options: o })
    const controller = new AbortController()
    const timeout = setTimeout(() => controller.abort('timeout'), o.timeout ?? 60000)
    const headers = (isWx ? o.header : o.headers) ?? {}
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
        if (res.status >= 400) return finish(o, false, { error: 19, errorMessage: 'http status error', status: res.status, data, headers: headersOf(res) })
        finish(o, true, { data, status: res.status, headers: headersOf(res) })
      })
      .catch((err) => {
        clearTimeout(timeout)
        const reason = String(controller.signal.reason ?? err)
        if (isWx) return finish(o, false, { errMsg: `request:fail ${reason === 'timeout' ? 'timeout' : reason === 'abort' ? 'abort' : 'net::ERR_CONNECTION_REFUSED'}` })
        finish(o, false, reason === 'timeout' ? { error: 13, errorMessage: '超时' } : reason === 'abort' ? { error: 9, errorMessage: 'abort' } : { error: 12, errorMessage: '网络出错' })
      })
    return { abort: () => controller.abort('abort') }
  }

  function uploadFile(o: Options) {
    calls.push({ api: 'uploadFile', options: o })
    const listeners: Array<(p: Options) => void> = []
    const controller = new AbortController()
    const task = { abort: () => controller.abort('abort'), onProgressUpdate: (cb: (p: Options) => void) => void listeners.push(cb) }
    const field = isWx ? o.name : o.fileName
    const fail = (payload: Options) => setTimeout(() => finish(o, false, payload), 0)
    if (typeof field !== 'string' || !field) {
      fail(isWx ? { errMsg: 'uploadFile:fail parameter error: parameter.name should be String' } : { error: 2, errorMessage: 'fileName is required' })
      return task
    }
    if (!isWx && !['image', 'video', 'audio'].includes(o.fileType)) {
      fail(platform === 'dd' ? { error: 11, errorMessage: 'fileType is required' } : { error: 2, errorMessage: 'fileType is required' })
      return task
    }
    const file = files.get(o.filePath)
    if (!file) {
      fail(isWx ? { errMsg: 'uploadFile:fail file not found' } : { error: 11, errorMessage: '文件不存在' })
      return task
    }
    const form = new FormData()
    for (const [k, v] of Object.entries((o.formData ?? {}) as Record<string, string>)) form.append(k, String(v))
    form.append(field, new Blob([file.data as BlobPart], { type: file.type ?? 'application/octet-stream' }), o.filePath.split('/').pop())
    const timeout = setTimeout(() => controller.abort('timeout'), o.timeout ?? 60000)
    fetch(o.url, { method: 'POST', headers: o.header ?? {}, body: form, signal: controller.signal })
      .then(async (res) => {
        clearTimeout(timeout)
        const total = file.data.byteLength
        for (const l of listeners) l({ progress: 100, totalBytesSent: total, totalBytesExpectedToSend: total })
        const data = await res.text()
        if (isWx) return finish(o, true, { data, statusCode: res.status, errMsg: 'uploadFile:ok' })
        finish(o, true, { data, statusCode: String(res.status), header: headersOf(res) })
      })
      .catch(() => {
        clearTimeout(timeout)
        const reason = String(controller.signal.reason ?? '')
        finish(o, false, isWx ? { errMsg: `uploadFile:fail ${reason || 'net error'}` } : { error: reason === 'timeout' ? 13 : 12, errorMessage: reason || '上传文件失败' })
      })
    return task
  }

  const api: Record<string, unknown> = { uploadFile }
  if (isWx) api.request = (o: Options) => doRequest('request', o)
  else {
    if (!options.withoutRequest) api.request = (o: Options) => doRequest('request', o)
    api.httpRequest = (o: Options) => doRequest('httpRequest', o)
  }
  return { api, calls }
}
