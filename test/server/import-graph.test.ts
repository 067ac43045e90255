import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fileCycles, folderImports, importGraph, importsBetween, mutualFolderImports, mutualFolders } from '../support/import-graph'

// server/ is layered by concept (docs/architecture.md): main.ts and app.ts compose at the root,
// base/ sits at the bottom, config/ reads the types login/ and policy/ own. These tests fail when
// a file cycle or two folders importing each other come back, and say which imports did it.

const SERVER = path.resolve(__dirname, '../../server')

describe('server/ imports one way', () => {
  const graph = importGraph(SERVER)

  it('reads the real graph (the root composes the folders)', () => {
    expect(graph.imports.get('app.ts')).toEqual(expect.arrayContaining(['routes/index.ts', 'base/clock.ts', 'http/logger.ts']))
    expect(graph.imports.get('main.ts')).toContain('config/index.ts')
  })

  it('has no file cycles', () => {
    expect(fileCycles(graph)).toEqual([])
  })

  it('has no two folders importing each other, the root folder included', () => {
    expect(mutualFolderImports(graph)).toEqual([])
  })

  it('keeps base/ at the bottom: it imports no other folder of server/', () => {
    expect([...(folderImports(graph).get('base') ?? [])]).toEqual([])
  })
})

describe('import-graph helper', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'import-graph-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    writeFileSync(path.join(dir, file), text)
  }
  write('main.ts', "import { b } from './b'\nimport './side-effect'\n")
  write('side-effect.ts', 'export {}\n')
  write('b/index.ts', "export { b } from './b'\n")
  write('b/b.ts', "import type { C } from '../c/c'\nexport const b = 1\nexport type B = C\n")
  write('c/c.ts', "export type C = number\nexport const load = () => import('../b')\n")
  write('d/loop-1.ts', "import { two } from './loop-2'\nexport const one = two\n")
  write('d/loop-2.ts', "export { one as two } from './loop-1'\n")
  write('e/self.ts', "export * from './self'\n")
  write('e/outside.ts', "import { x } from '../../elsewhere'\nimport { y } from 'a-package'\nexport const z = [x, y]\n")
  const graph = importGraph(dir)

  it('resolves extensionless and index specifiers, type, re-export, side-effect and dynamic imports', () => {
    expect(graph.imports.get('main.ts')).toEqual(['b/index.ts', 'side-effect.ts'])
    expect(graph.imports.get('b/b.ts')).toEqual(['c/c.ts'])
    expect(graph.imports.get('c/c.ts')).toEqual(['b/index.ts'])
    expect(graph.imports.get('e/outside.ts')).toEqual([])
  })

  it('finds loops between files and a file importing itself', () => {
    expect(fileCycles(graph)).toEqual(
      expect.arrayContaining([['b/b.ts', 'b/index.ts', 'c/c.ts'], ['d/loop-1.ts', 'd/loop-2.ts'], ['e/self.ts']]),
    )
    expect(fileCycles(graph)).toHaveLength(3)
  })

  it('finds folders that import each other, and the imports that do it', () => {
    expect(mutualFolders(graph)).toEqual([['b', 'c']])
    expect(importsBetween(graph, 'c', 'b')).toEqual(['c/c.ts → b/index.ts'])
  })
})
