import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { fileCycles, folderImports, importGraph, mutualFolderImports } from '../support/import-graph'

// src/lib is layered by concept (docs/architecture.md): base/ at the bottom importing nothing,
// signing/ pure, kit/ composing at the top, the entries (index.ts, <folder>/index.ts) only
// re-exporting. These tests fail when a file cycle or two folders importing each other come back.

const LIB = path.resolve(__dirname, '../../src/lib')

describe('src/lib imports one way', () => {
  const graph = importGraph(LIB)

  it('reads the real graph (the main entry re-exports the kit)', () => {
    expect(graph.imports.get('index.ts')).toEqual(expect.arrayContaining(['kit/index.ts', 'base/errors.ts']))
  })

  it('has no file cycles', () => {
    expect(fileCycles(graph)).toEqual([])
  })

  it('has no two folders importing each other, the root folder included', () => {
    expect(mutualFolderImports(graph)).toEqual([])
  })

  it('keeps base/ at the bottom and signing/ pure: neither imports another folder', () => {
    const folders = folderImports(graph)
    expect([...(folders.get('base') ?? [])]).toEqual([])
    expect([...(folders.get('signing') ?? [])]).toEqual([])
  })

  it('no folder imports kit/, the top, and nothing imports the main entry', () => {
    const intoKit = [...folderImports(graph)].filter(([folder, targets]) => folder !== '.' && [...targets].includes('kit'))
    expect(intoKit.map(([folder]) => folder)).toEqual([])
    const importers = [...graph.imports].filter(([, targets]) => targets.includes('index.ts')).map(([file]) => file)
    expect(importers).toEqual([])
  })
})
