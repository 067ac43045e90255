import { readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { SUBPATHS } from '../../scripts/build-lib'

/**
 * The published names, values and types, of the main entry and every subpath, against
 * public-surface.json. A name added or removed by accident fails here; on purpose, edit the JSON
 * and say so in CHANGELOG.md (a removal with what to write instead).
 */
const ROOT = path.resolve(__dirname, '../..')
const EXPECTED = JSON.parse(readFileSync(path.join(__dirname, 'public-surface.json'), 'utf8')) as Record<string, string[]>
const ENTRIES: Record<string, string> = {
  '.': 'src/lib/index.ts',
  ...Object.fromEntries(SUBPATHS.map((name) => [`./${name}`, `src/lib/${name}/index.ts`])),
}

function exportedNames(): Record<string, string[]> {
  const files = Object.values(ENTRIES).map((f) => path.join(ROOT, f))
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    module: ts.ModuleKind.ESNext,
  })
  const checker = program.getTypeChecker()
  return Object.fromEntries(
    Object.entries(ENTRIES).map(([entry, file]) => {
      const symbol = checker.getSymbolAtLocation(program.getSourceFile(path.join(ROOT, file))!)!
      return [
        entry,
        checker
          .getExportsOfModule(symbol)
          .map((s) => s.name)
          .sort(),
      ]
    }),
  )
}

describe('the public surface', () => {
  const actual = exportedNames()

  it('the main entry holds what an app needs: at most 60 names', () => {
    expect(actual['.'].length).toBeGreaterThan(20)
    expect(actual['.'].length).toBeLessThanOrEqual(60)
  })

  it('every entry exports exactly the names on record (public-surface.json)', () => {
    expect(Object.keys(actual).sort()).toEqual(Object.keys(EXPECTED).sort())
    for (const entry of Object.keys(EXPECTED)) expect([entry, actual[entry]]).toEqual([entry, [...EXPECTED[entry]].sort()])
  })

  it('internals stay internal: no entry exports the retry loop, an answer reader or a wire helper', () => {
    const everywhere = Object.values(actual).flat()
    // Each is exported by its own module in src/lib (so the check can fail), and by no entry.
    for (const internal of [
      'withRecovery',
      'dataOf',
      'callMedia',
      'formEncode',
      'rpcParams',
      'postToBackend',
      'apiCredentialsOf',
      'withRetries',
    ]) {
      expect(everywhere).not.toContain(internal)
    }
    expect(actual['.']).not.toContain('acs3CanonicalQuery')
    expect(actual['.']).not.toContain('displayedSize')
  })
})
