import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CLIENT_OPERATIONS, getOssStsTokenOperation } from '../../src/lib/viapi/operations'
import { replaceMarkedSection, sectionMarkers } from './marked-section'
import { renderOperationsTable } from './operations-table'

/** The marker name in the Markdown files: `<!-- operations-table:start … -->` … `<!-- operations-table:end -->`. */
export const OPERATIONS_SECTION = 'operations-table'

/** The table as the docs must show it: every client operation, then the server-only one. */
export function operationsTable(): string {
  return renderOperationsTable([...CLIENT_OPERATIONS, getOssStsTokenOperation], CLIENT_OPERATIONS)
}

/** README.md and every docs/*.md that carries the markers. */
export function documentsWithTable(root: string): string[] {
  const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'docs', f))
  return [join(root, 'README.md'), ...docs].filter((f) => readFileSync(f, 'utf8').includes(sectionMarkers(OPERATIONS_SECTION).start))
}

/**
 * Brings every document's operations table up to date with the declarations (src/lib/viapi/
 * operations.ts), or with `write: false` only says which are stale. Returns the stale files.
 */
export function syncOperationsDocs(root: string, { write }: { write: boolean }): string[] {
  const table = operationsTable()
  const stale: string[] = []
  for (const file of documentsWithTable(root)) {
    const text = readFileSync(file, 'utf8')
    const updated = replaceMarkedSection(text, OPERATIONS_SECTION, table)
    if (updated === text) continue
    stale.push(file)
    if (write) writeFileSync(file, updated)
  }
  return stale
}
