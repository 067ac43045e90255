import { build } from 'esbuild'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Older mini-program engines (iOS JavaScriptCore before 12.2) have no `globalThis`. The core's
 * random ids and abort controller must still work there: run them with `globalThis` undefined.
 */
describe('core without globalThis', () => {
  it('randomHex and createAbortController work when globalThis is missing', async () => {
    const out = await build({
      stdin: {
        contents: `import { randomHex } from './src/lib/base/random'
import { createAbortController } from './src/lib/transport/abort'
const c = createAbortController()
let fired = 0
c.signal.addEventListener('abort', () => fired++)
c.abort()
result = { id: randomHex(16), aborted: c.signal.aborted, fired }`,
        resolveDir: path.resolve('.'),
        loader: 'ts',
      },
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es2015',
    })
    const code = out.outputFiles[0].text
    // A parameter named globalThis shadows the real one, as if the engine had none.
    const run = new Function('globalThis', `let result; ${code}; return result`) as (g: undefined) => {
      id: string
      aborted: boolean
      fired: number
    }
    const r = run(undefined)
    expect(r.id).toMatch(/^[0-9a-f]{16}$/)
    expect(r.aborted).toBe(true)
    expect(r.fired).toBe(1)
  })
})
