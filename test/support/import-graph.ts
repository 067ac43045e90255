import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

// The relative-import graph of one source tree, for tests that keep its imports one way: no file
// cycles and no two folders importing each other. Import specifiers are read with TypeScript's own
// scanner (`preProcessFile`), so static, type-only, re-export, side-effect and dynamic imports all
// count; anything that resolves outside `root` (packages, other trees) is left out.

/** Files and their imports, as paths relative to `root` with `/` separators. */
export interface ImportGraph {
  root: string
  /** Every `.ts`/`.tsx` file under `root` (no `.d.ts`, no `node_modules`), sorted. */
  files: string[]
  /** File → the files under `root` it imports. */
  imports: Map<string, string[]>
}

const SOURCE = /\.(ts|tsx|mts)$/
const RELATIVE = /^\.\.?(\/|$)/
// How a bundler-style specifier without an extension finds its file.
const RESOLVE_SUFFIXES = ['', '.ts', '.tsx', '.mts', '/index.ts', '/index.tsx']

export function importGraph(root: string): ImportGraph {
  const absRoot = path.resolve(root)
  const files = sourceFiles(absRoot)
    .map((file) => toRelative(absRoot, file))
    .sort()
  const imports = new Map<string, string[]>()
  for (const file of files) imports.set(file, importsOf(absRoot, file))
  return { root: absRoot, files, imports }
}

/** Groups of files that import each other, directly or around a loop (Tarjan's strongly connected components). */
export function fileCycles(graph: ImportGraph): string[][] {
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (file: string) => {
    index.set(file, counter)
    low.set(file, counter++)
    stack.push(file)
    onStack.add(file)
    for (const next of graph.imports.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next)
        low.set(file, Math.min(low.get(file)!, low.get(next)!))
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!))
      }
    }
    if (low.get(file) !== index.get(file)) return
    const component: string[] = []
    let member: string
    do {
      member = stack.pop()!
      onStack.delete(member)
      component.push(member)
    } while (member !== file)
    const selfImport = graph.imports.get(file)?.includes(file) ?? false
    if (component.length > 1 || selfImport) cycles.push(component.sort())
  }
  for (const file of graph.files) if (!index.has(file)) visit(file)
  return cycles
}

/** The folder of a file relative to the root; `.` is the root folder itself. */
export function folderOf(file: string): string {
  return path.posix.dirname(file)
}

/** Folder → the other folders its files import. */
export function folderImports(graph: ImportGraph): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const [file, targets] of graph.imports) {
    const from = folderOf(file)
    for (const target of targets) {
      const to = folderOf(target)
      if (from === to) continue
      if (!out.has(from)) out.set(from, new Set())
      out.get(from)!.add(to)
    }
  }
  return out
}

/** Pairs of folders that import each other, each as `[a, b]` with a < b, sorted. */
export function mutualFolders(graph: ImportGraph): [string, string][] {
  const edges = folderImports(graph)
  const pairs: [string, string][] = []
  for (const [a, targets] of edges) {
    for (const b of targets) if (a < b && edges.get(b)?.has(a)) pairs.push([a, b])
  }
  return pairs.sort((x, y) => x.join('\0').localeCompare(y.join('\0')))
}

/** The file lines of `importGraph` that cross from `from` into `to`, to say what to move in a failure message. */
export function importsBetween(graph: ImportGraph, from: string, to: string): string[] {
  const lines: string[] = []
  for (const [file, targets] of graph.imports) {
    if (folderOf(file) !== from) continue
    for (const target of targets) if (folderOf(target) === to) lines.push(`${file} → ${target}`)
  }
  return lines
}

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) {
      if (name !== 'node_modules') out.push(...sourceFiles(full))
    } else if (SOURCE.test(name) && !name.endsWith('.d.ts')) {
      out.push(full)
    }
  }
  return out
}

function importsOf(absRoot: string, file: string): string[] {
  const abs = path.join(absRoot, file)
  const { importedFiles } = ts.preProcessFile(readFileSync(abs, 'utf8'), true, false)
  const targets = new Set<string>()
  for (const { fileName } of importedFiles) {
    if (!RELATIVE.test(fileName)) continue
    const resolved = resolveSource(path.resolve(path.dirname(abs), fileName))
    if (resolved && isInside(absRoot, resolved)) targets.add(toRelative(absRoot, resolved))
  }
  return [...targets].sort()
}

function resolveSource(base: string): string | undefined {
  for (const suffix of RESOLVE_SUFFIXES) {
    const candidate = base + suffix
    if (SOURCE.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate
  }
  return undefined
}

function isInside(absRoot: string, file: string): boolean {
  const rel = path.relative(absRoot, file)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)
}

function toRelative(absRoot: string, file: string): string {
  return path.relative(absRoot, file).split(path.sep).join('/')
}

/** Each pair of folders importing each other, with the imports that make it (for a test's failure message). */
export function mutualFolderImports(graph: ImportGraph): { pair: string; imports: string[] }[] {
  return mutualFolders(graph).map(([a, b]) => ({
    pair: `${a} <-> ${b}`,
    imports: [...importsBetween(graph, a, b), ...importsBetween(graph, b, a)],
  }))
}
