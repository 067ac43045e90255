/**
 * Reading the node tree Taro sends through `setData` (`root.cn[...]`): each node has `sid` (Taro's
 * element id), `uid` (the id the app gave the element, when it gave one), `nn` (node kind, maybe a
 * numeric alias), `cn` (children) and, for text, `v`. Other props keep their (possibly aliased) names.
 */
export interface RenderedNode {
  sid?: string
  uid?: string
  nn?: string | number
  v?: string
  cn?: RenderedNode[]
  [prop: string]: unknown
}

export function* walk(node: RenderedNode | undefined): Generator<RenderedNode> {
  if (!node || typeof node !== 'object') return
  yield node
  for (const child of node.cn ?? []) yield* walk(child)
}

/** The text a user would read inside `node`, in document order. */
export function textOf(node: RenderedNode | undefined): string {
  let out = ''
  for (const n of walk(node)) if (typeof n.v === 'string') out += n.v
  return out
}

/** The element the app gave this id (`id='card-number'`), as the template renders `id="{{i.uid||i.sid}}"`. */
export function findById(root: RenderedNode | undefined, id: string): RenderedNode | undefined {
  for (const n of walk(root)) if (n.uid === id || (n.uid === undefined && n.sid === id)) return n
  return undefined
}

/** The innermost element (not a text node) whose text contains `text`. */
export function findByText(root: RenderedNode | undefined, text: string | RegExp): RenderedNode | undefined {
  let found: RenderedNode | undefined
  for (const n of walk(root)) {
    if (typeof n.v === 'string') continue
    const t = textOf(n)
    if (typeof text === 'string' ? t.includes(text) : text.test(t)) found = n
  }
  return found
}

/** The chain of elements from `root` down to `target` (for bubbling a tap to a bound ancestor). */
export function pathTo(root: RenderedNode | undefined, target: RenderedNode): RenderedNode[] | undefined {
  if (!root) return undefined
  if (root === target) return [root]
  for (const child of root.cn ?? []) {
    const p = pathTo(child, target)
    if (p) return [root, ...p]
  }
  return undefined
}
