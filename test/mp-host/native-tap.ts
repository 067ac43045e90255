/**
 * Taps on a native WeChat page (no Taro): the element is found in the virtual DOM WeChat's own
 * template draws (wxml-render.ts), and the tap bubbles from it to the root like WeChat's: every
 * element on the way with `bindtap` / `bind:tap` calls that method of the page, with `target` = the
 * tapped element and `currentTarget` = the element listening (`id`, `dataset` from `data-*`); a
 * `catchtap` / `catch:tap` handles it and stops the bubbling. A disabled `<button>` does not fire.
 */
import { visibleText, type VNode } from './wxml-render'

/** An element: by its `id` attribute, or `{ text }` for the innermost element showing that text. */
export type NativeSelector = string | { text: string | RegExp }

export interface NativeTapCall {
  /** The page method to call. */
  method: string
  event: Record<string, unknown>
}

/** The path from the root to the element `selector` names (innermost match for text), or undefined. */
export function pathToElement(root: VNode, selector: NativeSelector): VNode[] | undefined {
  const matches = (node: VNode) =>
    typeof selector === 'string'
      ? node.attr?.id === selector
      : typeof selector.text === 'string'
        ? visibleText(node).includes(selector.text)
        : selector.text.test(visibleText(node))
  const walk = (node: VNode, trail: VNode[]): VNode[] | undefined => {
    if (visibleText(node) === '' && typeof selector !== 'string') return undefined
    const here = [...trail, node]
    for (const child of node.children ?? []) {
      if (typeof child === 'string') continue
      const found = walk(child, here)
      if (found) return found
    }
    return matches(node) ? here : undefined
  }
  return walk(root, [])
}

/** `data-card-id="7"` → `{ cardId: '7' }`, as WeChat builds `dataset`. */
function datasetOf(node: VNode): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(node.attr ?? {})) {
    if (name.startsWith('data-')) out[name.slice(5).replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())] = value
  }
  return out
}

/** The handler calls one tap on the element at the end of `path` makes, in bubbling order. */
export function nativeTapCalls(path: VNode[]): NativeTapCall[] {
  const target = path[path.length - 1]
  if (target.tag === 'wx-button' && (target.attr?.disabled === true || target.attr?.disabled === 'true')) return []
  const ref = (n: VNode) => ({ id: typeof n.attr?.id === 'string' ? n.attr.id : '', dataset: datasetOf(n), offsetLeft: 0, offsetTop: 0 })
  const calls: NativeTapCall[] = []
  for (const node of [...path].reverse()) {
    const bind = node.attr?.bindtap ?? node.attr?.['bind:tap']
    const cat = node.attr?.catchtap ?? node.attr?.['catch:tap']
    const method = cat ?? bind
    if (typeof method !== 'string' || !method) continue
    calls.push({
      method,
      event: {
        type: 'tap',
        timeStamp: Date.now(),
        target: ref(target),
        currentTarget: ref(node),
        detail: { x: 10, y: 10 },
        touches: [],
        changedTouches: [],
      },
    })
    if (cat) break
  }
  return calls
}
