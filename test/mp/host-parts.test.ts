import { describe, expect, it } from 'vitest'
import { createPlatformGlobal } from '../mp-host/platform-global'
import { applySetData, parseDataPath } from '../mp-host/set-data'
import { findById, findByText, textOf } from '../mp-host/tree'
import type { DeviceContext } from '../mp-host/device-apis'
import type { Platform } from '../fakes/mini-program-globals'

/** The host's own parts, without a build: data paths, the tree, and the fake platform global. */
describe('setData paths', () => {
  it("parses Taro's `root.cn.[0]` form and the standard `a[0].b` form alike", () => {
    expect(parseDataPath('root.cn.[0].cn.[12].v')).toEqual(['root', 'cn', 0, 'cn', 12, 'v'])
    expect(parseDataPath('root.cn[0].v')).toEqual(['root', 'cn', 0, 'v'])
    expect(() => parseDataPath('a.b]')).toThrow(/bad data path/)
  })

  it('replaces the value at each path and creates what is missing', () => {
    const data: Record<string, unknown> = { root: { cn: [{ sid: 'a', v: 'old' }] } }
    applySetData(data, { 'root.cn.[0].v': 'new', 'root.cn.[1]': { sid: 'b', uid: 'x', cn: [{ sid: 'c', v: 'hi' }] } })
    const root = data.root as never
    expect(textOf(root)).toBe('newhi')
    expect(findById(root, 'x')?.sid).toBe('b')
    expect(findByText(root, 'hi')?.sid).toBe('b')
  })
})

function device(platform: Platform, files = new Map<string, { data: Uint8Array; type?: string }>()): DeviceContext {
  return {
    platform,
    files,
    mintLoginCode: () => 'code-1',
    nextPhoto: () => 'p.jpg',
    navigateTo: async () => {},
    navigateBack: async () => {},
    later: (fn) => void setTimeout(fn, 0),
  }
}

const answer = (fn: (o: Record<string, unknown>) => unknown, options: Record<string, unknown> = {}) =>
  new Promise<{ ok: boolean; res: Record<string, any> }>((resolve) =>
    fn({ ...options, success: (res: never) => resolve({ ok: true, res }), fail: (res: never) => resolve({ ok: false, res }) }),
  )

describe('the fake platform global', () => {
  it('records every call and every read of an API it does not have', () => {
    const g = createPlatformGlobal(device('weapp'))
    const wx = g.global as Record<string, any>
    expect(wx.getStorageSync('nothing')).toBe('')
    expect(wx.scanCode).toBeUndefined()
    expect(g.calls.map((c) => c.api)).toEqual(['getStorageSync'])
    expect(g.missing).toEqual(['scanCode'])
    expect(wx.canIUse('uploadFile')).toBe(true)
    expect(wx.canIUse('scanCode')).toBe(false)
    // Taro binds APIs with Object.keys(global): they must be own properties.
    expect(Object.keys(wx)).toEqual(expect.arrayContaining(['request', 'uploadFile', 'login', 'chooseImage']))
  })

  it('answers the picker in each platform shape', async () => {
    const files = new Map([['p.jpg', { data: new Uint8Array([1, 2, 3]), type: 'image/jpeg' }]])
    const wx = createPlatformGlobal(device('weapp', files)).global as Record<string, any>
    const my = createPlatformGlobal(device('alipay', files)).global as Record<string, any>
    const dd = createPlatformGlobal(device('dd', files)).global as Record<string, any>
    expect((await answer(wx.chooseImage)).res).toMatchObject({
      tempFilePaths: ['p.jpg'],
      tempFiles: [{ path: 'p.jpg', size: 3 }],
      errMsg: 'chooseImage:ok',
    })
    // my.chooseImage: tempFilePaths + tempFiles (my.chooseimage); older clients said apFilePaths.
    expect((await answer(my.chooseImage)).res).toEqual({ tempFilePaths: ['p.jpg'], tempFiles: [{ path: 'p.jpg', size: 3 }] })
    expect((await answer(dd.chooseImage)).res).toEqual({ filePaths: ['p.jpg'], files: [{ path: 'p.jpg', size: 3, fileType: 'jpeg' }] })
    expect((await answer(my.getAuthCode, { scopes: 'auth_base' })).res).toEqual({ authCode: 'code-1' })
    expect(my.login).toBeUndefined()
  })

  it("rejects WeChat's compressImage options on Alipay, as Alipay does", async () => {
    const my = createPlatformGlobal(device('alipay')).global as Record<string, any>
    const { ok, res } = await answer(my.compressImage, { src: 'p.jpg', quality: 80 })
    expect(ok).toBe(false)
    expect(res.error).toBe(2)
  })

  it('keeps Alipay storage in `{key, data}` objects', () => {
    const my = createPlatformGlobal(device('alipay')).global as Record<string, any>
    my.setStorageSync({ key: 'k', data: { a: 1 } })
    expect(my.getStorageSync({ key: 'k' })).toEqual({ data: { a: 1 } })
    my.removeStorageSync({ key: 'k' })
    expect(my.getStorageSync({ key: 'k' })).toEqual({ data: null })
  })
})
