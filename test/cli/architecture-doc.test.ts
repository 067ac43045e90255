// docs/architecture.md lists the folders of src/lib and server/ with every folder each one imports,
// in an order where imports only go up the table. This fails when a folder, or an import between two
// folders, is added or dropped in the code and not in the doc, or when the order no longer holds.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { folderImports, importGraph } from '../support/import-graph'

const ROOT = resolve(__dirname, '../..')
const DOC = readFileSync(resolve(ROOT, 'docs/architecture.md'), 'utf8')

interface FolderRow {
  folder: string
  imports: string[]
}

/** The `| \`folder/\` | … | imports |` rows of the section under `heading`, in order. */
function folderRows(markdown: string, heading: string): FolderRow[] {
  const start = markdown.indexOf(`\n${heading}\n`)
  if (start < 0) throw new Error(`docs/architecture.md: no heading "${heading}"`)
  const section = markdown.slice(start + heading.length + 2).split(/\n#{1,6} /)[0]
  return [...section.matchAll(/^\| `([\w-]+)\/` \|.*\| ([^|]+?) \|$/gm)].map(([, folder, imports]) => ({
    folder,
    imports: imports === 'nothing' ? [] : imports.split(', '),
  }))
}

/** Every folder under `root` with the folders its files import, sorted; the root's own files left out. */
function codeFolders(root: string): FolderRow[] {
  const graph = importGraph(resolve(ROOT, root))
  const edges = folderImports(graph)
  const folders = new Set(graph.files.map((f) => f.split('/').slice(0, -1).join('/')).filter(Boolean))
  return [...folders].sort().map((folder) => ({ folder, imports: [...(edges.get(folder) ?? [])].sort() }))
}

/** Rows whose imports name a folder that is not above them in the table. */
function upwardImports(rows: FolderRow[]): string[] {
  return rows.flatMap((row, i) => {
    const above = new Set(rows.slice(0, i).map((r) => r.folder))
    return row.imports.filter((to) => !above.has(to)).map((to) => `${row.folder} → ${to}`)
  })
}

const bySortedFolder = (rows: FolderRow[]) => [...rows].sort((a, b) => a.folder.localeCompare(b.folder))

describe.each([
  { root: 'src/lib', heading: '### The core (`src/lib/`)', bottom: 'base', top: 'kit' },
  { root: 'server', heading: '### The backend (`server/`)', bottom: 'base', top: 'routes' },
])('docs/architecture.md on $root', ({ root, heading, bottom, top }) => {
  const rows = folderRows(DOC, heading)

  it('names every folder and every folder it imports, as the code has them', () => {
    expect(rows.length).toBeGreaterThan(5)
    expect(bySortedFolder(rows)).toEqual(codeFolders(root))
  })

  it(`orders the folders so imports only go up the table: ${bottom}/ first, importing nothing; ${top}/ last`, () => {
    expect(rows[0]).toEqual({ folder: bottom, imports: [] })
    expect(rows.at(-1)!.folder).toBe(top)
    expect(upwardImports(rows)).toEqual([])
  })
})

describe('folderRows', () => {
  const doc = [
    '# A',
    '### Layers',
    '',
    '| folder | concept | imports |',
    '| --- | --- | --- |',
    '| `b/` | bottom | nothing |',
    '| `t/` | top | b |',
  ]

  it('reads the table under the heading, stopping at the next heading', () => {
    const text = [...doc, '### Next', '| `x/` | other | b |'].join('\n')
    expect(folderRows(text, '### Layers')).toEqual([
      { folder: 'b', imports: [] },
      { folder: 't', imports: ['b'] },
    ])
    expect(() => folderRows(text, '### Gone')).toThrow('no heading "### Gone"')
  })

  it('catches an import down the table', () => {
    const rows = folderRows([...doc.slice(0, 5), '| `t/` | top | b |', '| `b/` | bottom | nothing |'].join('\n'), '### Layers')
    expect(upwardImports(rows)).toEqual(['t → b'])
  })
})
