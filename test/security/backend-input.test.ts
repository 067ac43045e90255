import { describe, expect, it } from 'vitest'
import { makeApp } from '../server/helpers'

// Bad input to POST /api/sts from a caller who IS logged in (the anonymous cases, /api/login's
// malformed bodies, wrong platform and replayed codes are in test/server/login-route.test.ts and
// test/server/sts-route.test.ts). Every answer is a typed {code, message}; AssumeRole is never
// reached; the server keeps serving.
const json = { 'content-type': 'application/json' }
const cases: Array<[string, { payload?: string; headers?: Record<string, string> }, number, string]> = [
  ['malformed JSON', { payload: '{"staleAccessKeyId":', headers: json }, 400, 'BadRequest'],
  ['JSON array', { payload: '[]', headers: json }, 400, 'BadRequest'],
  ['JSON string', { payload: '"x"', headers: json }, 400, 'BadRequest'],
  ['extra field (userId of someone else)', { payload: '{"userId":"h5_bob"}', headers: json }, 400, 'BadRequest'],
  ['extra field next to a valid one', { payload: '{"staleAccessKeyId":"STS.a","policy":"*"}', headers: json }, 400, 'BadRequest'],
  ['staleAccessKeyId of the wrong type', { payload: '{"staleAccessKeyId":42}', headers: json }, 400, 'BadRequest'],
  ['staleAccessKeyId with odd characters', { payload: '{"staleAccessKeyId":"STS.a\\"; DROP"}', headers: json }, 400, 'BadRequest'],
  ['staleAccessKeyId too long', { payload: JSON.stringify({ staleAccessKeyId: 'S'.repeat(129) }), headers: json }, 400, 'BadRequest'],
  ['prototype pollution', { payload: '{"__proto__":{"admin":true}}', headers: json }, 400, 'BadRequest'],
  ['huge body (1 MB)', { payload: JSON.stringify({ staleAccessKeyId: 'x'.repeat(1024 * 1024) }), headers: json }, 413, 'PayloadTooLarge'],
  ['form body', { payload: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'UnsupportedMediaType'],
]

describe('bad input to /api/sts from a logged-in caller', () => {
  it.each(cases)('%s → %s %s, no AssumeRole', async (_name, req, status, code) => {
    const { app, login, sts } = makeApp()
    const token = await login('alice')
    const res = await app.inject({
      method: 'POST',
      url: '/api/sts',
      payload: req.payload,
      headers: { ...req.headers, authorization: `Bearer ${token}` },
    })
    expect(res.statusCode).toBe(status)
    expect(res.json()).toEqual({ code, message: expect.any(String) })
    expect(sts.calls).toHaveLength(0)
    const after = await app.inject({ method: 'POST', url: '/api/sts', headers: { authorization: `Bearer ${token}` } })
    expect(after.statusCode).toBe(200)
  })

  it('a huge body from an anonymous caller is refused with 401 before it is read', async () => {
    const { app, sts } = makeApp()
    const res = await app.inject({ method: 'POST', url: '/api/sts', payload: 'x'.repeat(1024 * 1024), headers: json })
    expect([res.statusCode, res.json().code]).toEqual([401, 'Unauthorized'])
    expect(sts.calls).toHaveLength(0)
  })

  it('a valid stale report of one’s own key mints once, even when ten arrive together', async () => {
    const { app, login, sts } = makeApp()
    const token = await login('carol')
    const first = (await app.inject({ method: 'POST', url: '/api/sts', headers: { authorization: `Bearer ${token}` } })).json()
    const reports = await Promise.all(
      Array.from({ length: 10 }, () =>
        app.inject({
          method: 'POST',
          url: '/api/sts',
          headers: { authorization: `Bearer ${token}`, ...json },
          payload: JSON.stringify({ staleAccessKeyId: first.accessKeyId }),
        }),
      ),
    )
    const ids = new Set(reports.map((r) => r.json().accessKeyId))
    expect(ids.size).toBe(1)
    expect(ids.has(first.accessKeyId)).toBe(false)
    expect(sts.calls).toHaveLength(2)
  })
})
