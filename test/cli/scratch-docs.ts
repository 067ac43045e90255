import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { docSections } from '../../scripts/cli/operations-docs'

const ROOT = resolve(__dirname, '../..')

/** The documents the generated tables live in (each section's home), relative to the project root. */
export function homeDocs(): string[] {
  return [...new Set(docSections().map((s) => s.home))]
}

/**
 * Scratch project roots holding a copy of README.md and of each generated table's home document,
 * with `edits` (by relative path) applied, so a test can drift or break a copy and see what
 * `syncOperationsDocs` says without touching the real files. `cleanup()` removes them all.
 */
export function scratchDocs() {
  const roots: string[] = []
  return {
    root(edits: Record<string, (text: string) => string> = {}): string {
      const root = mkdtempSync(join(tmpdir(), 'generated-docs-'))
      roots.push(root)
      mkdirSync(join(root, 'docs'))
      for (const file of new Set(['README.md', ...homeDocs()])) {
        mkdirSync(dirname(join(root, file)), { recursive: true })
        const text = readFileSync(join(ROOT, file), 'utf8')
        writeFileSync(join(root, file), (edits[file] ?? ((t: string) => t))(text))
      }
      return root
    },
    cleanup(): void {
      for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
    },
  }
}
