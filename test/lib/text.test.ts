import { describe, expect, it } from 'vitest'
import { textOf } from '../../src/lib/base/text'
import { normalizeHeaders } from '../../src/lib/transport/headers'

describe('textOf: a vendor field as text', () => {
  it('keeps strings, writes numbers and booleans, and reads absent or null as empty', () => {
    expect([textOf('a b'), textOf(19), textOf(false), textOf(undefined), textOf(null)]).toEqual(['a b', '19', 'false', '', ''])
  })

  it('writes an object as JSON, never "[object Object]", and gives up quietly on a cycle', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect([textOf({ code: 7 }), textOf([1, 'x']), textOf(cyclic)]).toEqual(['{"code":7}', '[1,"x"]', ''])
  })

  it('is how header values a bridge parsed into objects come back as text', () => {
    expect(normalizeHeaders({ 'X-Meta': { a: 1 }, 'Set-Cookie': ['a=1', 'b=2'] })).toEqual({
      'x-meta': '{"a":1}',
      'set-cookie': 'a=1, b=2',
    })
  })
})
