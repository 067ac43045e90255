import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { MiniProgramHost } from '../mp-host/host'
import { findByIdAttr, visibleText } from '../mp-host/wxml-render'
import { expectClean, launch, openService, setUpSuite, type Suite } from './harness'

/**
 * The WeChat build in the headless host, read the way WeChat shows it: each page's data goes
 * through WeChat's own compiled template (`wcc` from miniprogram-compiler; host.rendered()) instead
 * of being read from the node tree Taro sent. A node kind missing from base.wxml, a `wx:if` that
 * drops the wrong branch or a minifier that breaks a template shows up here as missing text.
 */
let suite: Suite
let host: MiniProgramHost | undefined

beforeAll(async () => {
  suite = await setUpSuite((line) => console.log(line))
}, 900_000)

afterAll(async () => {
  await suite?.stack.close()
})

afterEach(() => {
  if (host) expect(host.templateWarnings).toEqual([])
  host?.close()
  host = undefined
})

/** What WeChat's template renders after every setData on the current page, frame by frame. */
function recordFrames(h: MiniProgramHost): string[] {
  const frames: string[] = []
  const page = h.currentPage
  const setData = page.setData
  page.setData = (update, cb) => {
    setData(update, cb)
    if (h.pages.at(-1) === page) frames.push(h.renderedText())
  }
  return frames
}

/** The visible text of the element the app gave this id, as rendered. */
function renderedTextOf(h: MiniProgramHost, id: string): string | undefined {
  const node = findByIdAttr(h.rendered(), id)
  return node && visibleText(node)
}

describe("weapp build, as WeChat's compiled template renders it", () => {
  it('home page: the services and the backend status', async () => {
    host = await launch(suite, 'weapp')
    await host.waitFor(() => renderedTextOf(host!, 'backend-status') === '正常', 'the rendered #backend-status to say 正常')
    const text = host.renderedText()
    for (const words of ['拍照识别', '银行卡识别', '通用分割']) expect(text).toContain(words)
    // Everything Taro sent is drawn: the template loses no text of the tree.
    expect(text).toBe(host.text())
    expectClean(host)
  })

  it('bank card: photo button → upload progress → masked card number', async () => {
    host = await launch(suite, 'weapp')
    await openService(host, suite, 'go-bank-card', suite.bigPhoto)
    expect(host.renderedText()).toContain('拍照或选择照片')
    expect(renderedTextOf(host, 'choose-photo')).toBe('拍照或选择照片')

    const frames = recordFrames(host)
    host.tap('choose-photo')
    await host.waitFor(() => renderedTextOf(host!, 'card-number'), 'the rendered #card-number', 20_000)

    // While uploading, WeChat drew the percentage rising to 100, and no photo button.
    const percents = frames
      .map((f) => /上传中 ?(\d+)%/.exec(f))
      .filter((m) => m !== null)
      .map((m) => Number(m[1]))
    expect(percents.length).toBeGreaterThan(2)
    expect(percents.at(-1)).toBe(100)
    expect([...percents].sort((a, b) => a - b)).toEqual(percents)
    for (const f of frames.filter((frame) => /上传中/.test(frame))) expect(f).not.toContain('拍照或选择照片')

    const result = host.renderedText()
    expect(result).toMatch(/\d{4} \*{4} \*{4} \d{4}/)
    expect(renderedTextOf(host, 'card-number')).toMatch(/^\d{4} \*{4} \*{4} \d{4}$/)
    expect(renderedTextOf(host, 'bank-name')).toMatch(/银行$/)
    expect(result).toContain('换一张照片')
    expect(result).not.toContain('上传中')
    expect(result).toBe(host.text())

    host.tap('reveal')
    await host.waitFor(() => /^[\d ]{19,23}$/.test(renderedTextOf(host!, 'card-number') ?? ''), 'the full card number, rendered')
    expect(host.renderedText()).not.toMatch(/\*{4}/)
    expectClean(host)
  })

  it('segment: the cut-out image is drawn next to the original', async () => {
    host = await launch(suite, 'weapp')
    await openService(host, suite, 'go-segment')
    expect(host.renderedText()).toContain('拍照或选择照片')
    host.tap('choose-photo')
    const cutout = await host.waitFor(() => findByIdAttr(host!.rendered(), 'cutout'), 'the rendered #cutout', 20_000)
    expect(cutout.tag).toBe('wx-image')
    expect(String(cutout.attr?.src)).toMatch(/\/results\/[^/]+\.png$/)
    expect(findByIdAttr(host.rendered(), 'original')?.tag).toBe('wx-image')
    const text = host.renderedText()
    for (const words of ['原图', '抠图结果', '换一张照片']) expect(text).toContain(words)
    expect(text).toBe(host.text())
    expectClean(host)
  })
})
