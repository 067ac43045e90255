import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nativeTapCalls, pathToElement } from '../mp-host/native-tap'
import { compileWxml, type VNode } from '../mp-host/wxml-render'

/** Taps on a native page, bubbled through the virtual DOM WeChat's compiled template draws. */
let dir: string
let render: (data: Record<string, unknown>) => VNode

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'native-tap-'))
  mkdirSync(path.join(dir, 'pages/a'), { recursive: true })
  writeFileSync(path.join(dir, 'app.json'), '{ "pages": ["pages/a/a"] }')
  writeFileSync(
    path.join(dir, 'pages/a/a.wxml'),
    `<view id="outer" bindtap="onOuter">
       <view id="card" data-card-id="{{id}}" bind:tap="onCard"><text>Card {{id}}</text></view>
       <view id="sheet" catchtap="onSheet"><button id="go" bindtap="onGo" disabled="{{busy}}">Go</button></view>
       <view wx:if="{{more}}" id="more">More</view>
     </view>`,
  )
  const compiled = compileWxml(dir)
  render = (data) => compiled.render('pages/a/a', data)
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const methods = (root: VNode, selector: Parameters<typeof pathToElement>[1]) =>
  nativeTapCalls(pathToElement(root, selector)!).map((c) => c.method)

describe('native taps', () => {
  it('bubble from the element to the root, through bindtap and bind:tap', () => {
    expect(methods(render({ id: 7 }), { text: 'Card 7' })).toEqual(['onCard', 'onOuter'])
  })

  it('carry target, currentTarget and the dataset as WeChat names it', () => {
    const [card, outer] = nativeTapCalls(pathToElement(render({ id: 7 }), 'card')!)
    expect(card.event).toMatchObject({ type: 'tap', target: { id: 'card', dataset: { cardId: 7 } }, currentTarget: { id: 'card' } })
    expect(outer.event).toMatchObject({ target: { id: 'card' }, currentTarget: { id: 'outer' } })
  })

  it('stop at a catchtap', () => {
    expect(methods(render({ busy: false }), 'go')).toEqual(['onGo', 'onSheet'])
  })

  it('do nothing on a disabled button', () => {
    expect(methods(render({ busy: true }), 'go')).toEqual([])
  })

  it('find only what WeChat draws', () => {
    expect(pathToElement(render({ more: false }), 'more')).toBeUndefined()
    expect(pathToElement(render({ more: true }), { text: 'More' })?.at(-1)?.attr?.id).toBe('more')
  })
})
