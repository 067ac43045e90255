// The docs name files, folders and each other's headings; a move or a rename leaves them pointing
// at nothing. This fails with `doc:line: target (why)` for each reference that no longer holds.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { brokenReferences, docAnchors, docReferences, headingSlug } from '../support/doc-references'

const ROOT = resolve(__dirname, '../..')
const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
]

/** The real docs, with `extra` appended to README.md. */
const readmePlus =
  (extra: string) =>
  (doc: string): string =>
    readFileSync(join(ROOT, doc), 'utf8') + (doc === 'README.md' ? extra : '')

describe('paths and links in the docs', () => {
  it('every repository path and relative link in README.md, CONTRIBUTING.md and docs/*.md exists', () => {
    expect(DOCS).toEqual(expect.arrayContaining(['docs/architecture.md', 'docs/library.md', 'docs/platforms.md']))
    expect(brokenReferences(ROOT, DOCS)).toEqual([])
  })

  it('fails on a missing path, a file named as a folder, a missing doc and a missing heading', () => {
    const readmeLines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length
    const extra = [
      'Moved: `src/lib/viapi/client.ts`, `src/lib/kit/index.ts/`, `npx vitest run test/cli/gone.test.ts`.',
      'See [the guide](docs/guide.md), [tests](docs/testing.md#no-such-heading) and [below](#nowhere).',
    ].join('\n')
    expect(brokenReferences(ROOT, ['README.md'], readmePlus(extra))).toEqual([
      `README.md:${readmeLines}: src/lib/viapi/client.ts (no such file or folder)`,
      `README.md:${readmeLines}: src/lib/kit/index.ts/ (not a folder)`,
      `README.md:${readmeLines}: test/cli/gone.test.ts (no such file or folder)`,
      `README.md:${readmeLines + 1}: docs/guide.md (no such file or folder)`,
      `README.md:${readmeLines + 1}: docs/testing.md#no-such-heading (no heading #no-such-heading in docs/testing.md)`,
      `README.md:${readmeLines + 1}: #nowhere (no heading #nowhere in README.md)`,
    ])
  })

  it('accepts folders, `file#anchor`, headings that exist, and skips what git ignores (build output, local secrets)', () => {
    const extra = [
      '`src/lib/base/` `server/config/` `src/lib/base/errors.ts#L1` `bash .ci/run` `dist/lib/index.js` `deploy/backend.env`',
      '`examples/native-weapp/lib/` [doctor](docs/real-cloud.md#checking-your-setup-npm-run-doctor) [top](#two-commands)',
    ].join('\n')
    expect(brokenReferences(ROOT, ['README.md'], readmePlus(extra))).toEqual([])
  })
})

describe('docReferences', () => {
  it('takes repository paths from code spans and relative targets from links, outside fenced blocks', () => {
    const doc = [
      'Run `npx vitest run test/cli` on `src/lib/` and [the lib](docs/library.md#entry-points "title").',
      '```',
      'npm run viapi -- bank-card test/nowhere.jpg `src/nowhere.ts` [x](nowhere.md)',
      '```',
      'Not checked: `kit/upload.ts` `config/` `uploads/<userId>/` `test/security/*.test.ts` `../dist/server` [web](https://x.test/a.md).',
    ].join('\n')
    expect(docReferences(doc)).toEqual([
      { kind: 'path', target: 'test/cli', line: 1 },
      { kind: 'path', target: 'src/lib/', line: 1 },
      { kind: 'link', target: 'docs/library.md#entry-points', line: 1 },
    ])
  })
})

describe('heading anchors (GitHub rules)', () => {
  it('lower-cases, drops punctuation but `-` and `_`, turns each space into a hyphen, keeps CJK', () => {
    expect(headingSlug('Checking your setup: `npm run doctor`')).toBe('checking-your-setup-npm-run-doctor')
    expect(headingSlug('Redis down, an instance leaving (backend)')).toBe('redis-down-an-instance-leaving-backend')
    expect(headingSlug('Operating the backend: health, readiness, metrics')).toBe('operating-the-backend-health-readiness-metrics')
    expect(headingSlug('The backend (`server/`)')).toBe('the-backend-server')
    expect(headingSlug('Allow-lists (server domains)')).toBe('allow-lists-server-domains')
    expect(headingSlug('开发配置 → 安全设置')).toBe('开发配置--安全设置')
    expect(headingSlug('A [link](x.md) and snake_case')).toBe('a-link-and-snake_case')
  })

  it('numbers repeated headings, reads <a id>, and ignores `#` lines in fenced blocks', () => {
    const doc = ['# Notes', '## Notes', '## Notes', '<a id="kept"></a>', '```bash', '# not a heading', '```'].join('\n')
    expect([...docAnchors(doc)]).toEqual(['notes', 'notes-1', 'notes-2', 'kept'])
  })
})
