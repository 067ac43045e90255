import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { CLIENT_OPERATIONS, getOssStsTokenOperation } from '../../src/lib/operations'
import { renderAllowListTable } from './allow-list-table'
import { replaceMarkedSection, sectionMarkers } from './marked-section'
import { renderOperationsTable } from './operations-table'

/** The marker name in the Markdown files: `<!-- operations-table:start … -->` … `<!-- operations-table:end -->`. */
export const OPERATIONS_SECTION = 'operations-table'

/** The marker name of the default app's allow-list table: `<!-- allow-list-table:start … -->` … `<!-- allow-list-table:end -->`. */
export const ALLOW_LIST_SECTION = 'allow-list-table'

/** The table as the docs must show it: every client operation, then the server-only one. */
export function operationsTable(): string {
  return renderOperationsTable([...CLIENT_OPERATIONS, getOssStsTokenOperation], CLIENT_OPERATIONS)
}

/**
 * The allow-list table as the docs must show it: what `npm run domains` prints for the default app
 * (APP_OPERATIONS) on the backend's cloud-mode defaults, with "your backend" and `<bucket>`.
 */
export function allowListTable(): string {
  return renderAllowListTable()
}

/** A generated section: its marker name, the document that must carry it, and the body it must have. */
export interface DocSection {
  name: string
  /** Relative to the project root. The check fails when this file lacks the markers, so a deleted table is noticed. */
  home: string
  body: string
}

/** Where the operations table lives. */
export const OPERATIONS_DOC = 'docs/operations.md'

/** Where the allow-list table lives: the platforms guide, next to each console's page. */
export const ALLOW_LIST_DOC = 'docs/platforms.md'

/** Every section `npm run docs:operations` writes. */
export function docSections(): DocSection[] {
  return [
    { name: OPERATIONS_SECTION, home: OPERATIONS_DOC, body: operationsTable() },
    { name: ALLOW_LIST_SECTION, home: ALLOW_LIST_DOC, body: allowListTable() },
  ]
}

/** README.md and every docs/*.md that carries the `section` markers (the operations table's by default). */
export function documentsWithTable(root: string, section = OPERATIONS_SECTION): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(root, 'docs', f))
  return [join(root, 'README.md'), ...docs].filter((f) => readFileSync(f, 'utf8').includes(sectionMarkers(section).start))
}

/** `text` with the section rewritten; a file without the markers is named in the error. */
function rewrite(file: string, text: string, { name, body }: DocSection): string {
  try {
    return replaceMarkedSection(text, name, body)
  } catch (err) {
    throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}; restore the ${name} markers`)
  }
}

/**
 * Brings every document's generated sections (the operations table, from the declarations in
 * src/lib/operations/; the allow-list table, from scripts/cli/allow-list.ts) up to date, or with
 * `write: false` only says which are stale. Each section's home document must carry its markers
 * (it throws otherwise); any other README.md or docs/*.md that carries them is kept up to date
 * too. Returns the stale files.
 */
export function syncOperationsDocs(
  root: string,
  { write, sections = docSections() }: { write: boolean; sections?: DocSection[] },
): string[] {
  const updated = new Map<string, { before: string; after: string }>()
  for (const section of sections) {
    const files = new Set([join(root, section.home), ...documentsWithTable(root, section.name)])
    for (const file of files) {
      let entry = updated.get(file)
      if (!entry) {
        const text = readFileSync(file, 'utf8')
        entry = { before: text, after: text }
        updated.set(file, entry)
      }
      entry.after = rewrite(relative(root, file), entry.after, section)
    }
  }
  const stale: string[] = []
  for (const [file, { before, after }] of updated) {
    if (after === before) continue
    stale.push(file)
    if (write) writeFileSync(file, after)
  }
  return stale
}
