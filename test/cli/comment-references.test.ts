// Comments name files to read next ("see server/config/oss.ts"); after a move they point at nothing.
// This fails with `file:line: path` for every repository path a comment names that does not exist.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { brokenCommentReferences, commentReferences } from '../support/comment-references'

const ROOT = resolve(__dirname, '../..')
const PATTERNS = ['*.ts', '*.tsx', '*.mts', '*.mjs', '*.cjs', '*.js', '*.yaml', '*.yml', '*.sh', 'Dockerfile', '.env.example', '.ci/*']
const FILES = execFileSync('git', ['ls-files', ...PATTERNS], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter(Boolean)

describe('paths in comments', () => {
  it('every repository path a comment names exists (code, scripts, tests, .env.example, deploy files)', () => {
    expect(FILES).toEqual(expect.arrayContaining(['.env.example', 'Dockerfile', 'server/main.ts', 'scripts/test-prerequisites.mjs']))
    expect(brokenCommentReferences(ROOT, FILES)).toEqual([])
  })

  it('fails on a moved file in a line comment, a block comment and a # comment; an extension-less module path counts', () => {
    const edits: Record<string, string> = {
      'server/main.ts': '// Reads server/config.ts, then server/config (a module), see src/lib/viapi/client.ts.\n',
      'src/lib/base/clock.ts': '/**\n * Like src/lib/util/retry.ts.\n */\n',
      '.env.example': '# Backend configuration (server/config.ts).\n',
    }
    const read = (file: string) => edits[file] ?? readFileSync(join(ROOT, file), 'utf8')
    expect(brokenCommentReferences(ROOT, Object.keys(edits), read)).toEqual([
      'server/main.ts:1: server/config.ts',
      'server/main.ts:1: src/lib/viapi/client.ts',
      'src/lib/base/clock.ts:2: src/lib/util/retry.ts',
      '.env.example:1: server/config.ts',
    ])
  })
})

describe('commentReferences', () => {
  it('reads comments only, never strings, imports or URLs, and skips placeholders', () => {
    const source = [
      "import { x } from '../server/gone'",
      "const glob = 'docs/*.md' // see docs/testing.md",
      "const url = 'https://example.com/src/lib/x.ts'",
      '/* server/a.ts',
      '   server/<name>.ts, https://github.com/o/r/blob/main/test/x.ts */',
    ].join('\n')
    expect(commentReferences(source, 'x.ts')).toEqual([
      { target: 'docs/testing.md', line: 2 },
      { target: 'server/a.ts', line: 4 },
    ])
  })

  it('reads # comments in env, YAML and shell files, after a value too', () => {
    expect(commentReferences('A=1 # from server/config/\n# scripts/start.ts.\nB=src/x', '.env.example')).toEqual([
      { target: 'server/config/', line: 1 },
      { target: 'scripts/start.ts', line: 2 },
    ])
  })
})
