// docs/operations.md's operations table is generated from the declarations (scripts/operations-doc.ts):
// this fails when someone edits an operation and not the doc, edits the table by hand, or deletes it.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { markedSection, replaceMarkedSection } from '../../scripts/cli/marked-section'
import {
  documentsWithTable,
  OPERATIONS_DOC,
  OPERATIONS_SECTION,
  operationsTable,
  syncOperationsDocs,
} from '../../scripts/cli/operations-docs'
import { CLIENT_OPERATIONS, getOssStsTokenOperation } from '../../src/lib/operations'
import { textLimits } from '../../scripts/cli/operations-table'
import { runScript } from './run-cli'
import { scratchDocs } from './scratch-docs'

const ROOT = resolve(__dirname, '../..')
const scratch = scratchDocs()
afterEach(() => scratch.cleanup())

describe('operations table in the docs', () => {
  it('docs/operations.md shows the table the declarations give (run `npm run docs:operations` when this fails)', () => {
    expect(OPERATIONS_DOC).toBe('docs/operations.md')
    expect(documentsWithTable(ROOT)).toContain(resolve(ROOT, OPERATIONS_DOC))
    for (const file of documentsWithTable(ROOT)) {
      expect(markedSection(readFileSync(file, 'utf8'), OPERATIONS_SECTION), file).toBe(operationsTable())
    }
    expect(syncOperationsDocs(ROOT, { write: false })).toEqual([])
  })

  it('a hand edit of a row is stale, and a doc without the markers fails the check naming the file', () => {
    const edited = scratch.root({ [OPERATIONS_DOC]: (t) => t.replace('| 1600 px |', '| 1800 px |') })
    expect(syncOperationsDocs(edited, { write: false })).toEqual([join(edited, OPERATIONS_DOC)])
    expect(syncOperationsDocs(edited, { write: true })).toEqual([join(edited, OPERATIONS_DOC)])
    expect(readFileSync(join(edited, OPERATIONS_DOC), 'utf8')).toBe(readFileSync(resolve(ROOT, OPERATIONS_DOC), 'utf8'))

    const unmarked = scratch.root({ [OPERATIONS_DOC]: (t) => t.replace(/<!-- operations-table:(start|end)[^\n]*-->\n/g, '') })
    expect(() => syncOperationsDocs(unmarked, { write: false })).toThrow(/^docs\/operations\.md: no "<!-- operations-table:start/)
  })

  it('has a row per operation with its product, version, RAM action, grant scope, signer and reference', () => {
    const table = operationsTable()
    for (const op of [...CLIENT_OPERATIONS, getOssStsTokenOperation]) {
      const row = table.split('\n').find((l) => l.startsWith(`| \`${op.action}\` |`))
      expect(row, op.action).toBeDefined()
      expect(row).toContain(`\`${op.product}\` ${op.version}`)
      expect(row).toContain(`\`${op.ramAction}\``)
      expect(row).toContain(op.ramScope === 'imm-project' ? 'project/<IMM_PROJECT>' : '| `*` |')
      expect(row).toContain(CLIENT_OPERATIONS.includes(op) ? 'phone' : 'server key only')
      if (op.reference) expect(row).toContain(`(${op.reference})`)
      if (op.imageLimits) expect(row).toContain(`${op.imageLimits.targetLongSide} px`)
      if (op.maxTextLength) {
        for (const [service, max] of Object.entries(op.maxTextLength.byService))
          expect(row).toMatch(new RegExp(`≤ ${max}( characters)? \\(\`${service}\`\\)`))
        if (op.maxTextLength.default === undefined) expect(row).toContain('no limit documented for other services')
      }
      if (op.unverifiedLimits) expect(row).toContain('(unverified)')
    }
  })

  it('TextModerationPlus shows its limit per Service and that other services have none documented', () => {
    const row = operationsTable()
      .split('\n')
      .find((l) => l.startsWith('| `TextModerationPlus` |'))
    expect(row).toContain(
      'text ≤ 2000 characters (`llm_query_moderation`), ≤ 5000 (`llm_response_moderation`); no limit documented for other services (unverified)',
    )
    expect(row).toContain('[API reference](https://help.aliyun.com/document_detail/2669858.html)')
    expect(textLimits({ byService: {}, default: 600 })).toBe('text ≤ 600 characters')
    expect(textLimits({ byService: { a: 10 }, default: 600 })).toBe('text ≤ 10 characters (`a`); ≤ 600 for other services')
  })

  it('every RAM action the docs name is one an operation declares, and the wire contract’s session policy grants them all', () => {
    const declared = new Set([...CLIENT_OPERATIONS, getOssStsTokenOperation].map((o) => o.ramAction))
    const docs = [
      'README.md',
      ...readdirSync(resolve(ROOT, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
    ]
    for (const doc of docs) {
      const named = [
        ...readFileSync(resolve(ROOT, doc), 'utf8').matchAll(/\b(?:viapi(?:-[a-z]+)?|yundun-[a-z]+|imm):[A-Z][A-Za-z]+\b/g),
      ].map((m) => m[0])
      for (const action of named) expect(declared, `${doc} names ${action}`).toContain(action)
    }
    const contract = readFileSync(resolve(ROOT, 'docs/wire-contract.md'), 'utf8')
    const policy = contract.slice(
      contract.indexOf('## Session policy'),
      contract.indexOf('```', contract.indexOf('```json', contract.indexOf('## Session policy')) + 7),
    )
    for (const op of CLIENT_OPERATIONS) expect(policy, op.action).toContain(`"${op.ramAction}"`)
  })

  it('replaces only what is between the markers, keeps the start marker’s note, and refuses a file without them', () => {
    const doc = 'before\n<!-- t:start — do not edit -->\nold\nrows\n<!-- t:end -->\nafter\n'
    const updated = replaceMarkedSection(doc, 't', 'new')
    expect(updated).toBe('before\n<!-- t:start — do not edit -->\nnew\n<!-- t:end -->\nafter\n')
    expect(replaceMarkedSection(updated, 't', 'new')).toBe(updated)
    expect(markedSection(updated, 't')).toBe('new')
    expect(() => replaceMarkedSection('no markers', 't', 'x')).toThrow(/t:start/)
    expect(() => replaceMarkedSection('<!-- t:end -->\n<!-- t:start -->\n', 't', 'x')).toThrow()
  })

  it('`npm run docs:operations -- --check` passes on the committed docs', async () => {
    const run = await runScript('scripts/operations-doc.ts', ['--check'], {})
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/up to date/)
  })
})
