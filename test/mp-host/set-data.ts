/**
 * `setData` as the mini-program frameworks apply it: each key is a data path — `a.b`, `a[0].b`,
 * and Taro's own `root.cn.[0].cn.[2].v` form (a dot before the bracket) — and its value replaces
 * whatever is at that path, creating objects/arrays on the way.
 */
type Data = Record<string, unknown>

/** `root.cn.[0].v` / `root.cn[0].v` → ['root', 'cn', 0, 'v']. */
export function parseDataPath(path: string): Array<string | number> {
  const out: Array<string | number> = []
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part)
    if (!m) throw new Error(`setData: bad data path "${path}"`)
    if (m[1]) out.push(m[1])
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]))
  }
  if (out.length === 0) throw new Error(`setData: empty data path "${path}"`)
  return out
}

/** A deep copy through JSON: the render layer only ever sees serialisable data, never functions. */
function serialised<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)
}

export function applySetData(data: Data, update: Data): void {
  for (const [path, value] of Object.entries(update)) {
    const keys = parseDataPath(path)
    let node: Record<string | number, unknown> = data
    for (let i = 0; i < keys.length - 1; i++) {
      const next = node[keys[i]]
      if (next === null || typeof next !== 'object') node[keys[i]] = typeof keys[i + 1] === 'number' ? [] : {}
      node = node[keys[i]] as Record<string | number, unknown>
    }
    node[keys[keys.length - 1]] = serialised(value)
  }
}
