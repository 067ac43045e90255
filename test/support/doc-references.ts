import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

/** Top-level folders a doc names paths under; anything else in backticks (`kit/upload.ts`, `config/`) is too ambiguous to check. */
export const REPOSITORY_ROOTS = ['src', 'server', 'emulator', 'scripts', 'test', 'bench', 'deploy', 'docs', 'examples', 'typecheck', '.ci']

/** A repository path or link target a doc names, with the line it is on. */
export interface DocReference {
  kind: 'path' | 'link'
  target: string
  line: number
}

/** The doc's lines with every fenced code block blanked, so line numbers stay and nothing in a diagram counts. */
export function proseLines(markdown: string): string[] {
  let fence: string | undefined
  return markdown.split('\n').map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence === undefined && marker) fence = marker
    else if (fence !== undefined && marker?.startsWith(fence)) fence = undefined
    else if (fence === undefined) return line
    return ''
  })
}

/** A word of a code span that is a checkable repository path: under a known root, no placeholder (`<id>`, `*`, `…`). */
function isRepositoryPath(word: string): boolean {
  if (/[<>*…{}$]/.test(word)) return false
  const root = word.replace(/^\.\//, '').split(/[/#]/)[0]
  return REPOSITORY_ROOTS.includes(root) && word.includes('/')
}

/** Repository paths in code spans (each word of `npx vitest run test/cli` counts) and relative link targets. */
export function docReferences(markdown: string): DocReference[] {
  const found: DocReference[] = []
  proseLines(markdown).forEach((text, index) => {
    const line = index + 1
    const withoutCode = text.replace(/`[^`]*`/g, (span) => {
      for (const word of span.slice(1, -1).split(/\s+/)) if (isRepositoryPath(word)) found.push({ kind: 'path', target: word, line })
      return ''
    })
    for (const [, target] of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) found.push({ kind: 'link', target, line })
    }
  })
  return found
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped (not `-` or `_`), each space a hyphen. */
export function headingSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase()
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-')
}

/** Every anchor a doc offers: its headings' slugs (a repeated one gets `-1`, `-2`, …) and any `<a id>` / `<a name>`. */
export function docAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  for (const line of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1]
    if (heading !== undefined) {
      const slug = headingSlug(heading)
      const count = seen.get(slug) ?? 0
      seen.set(slug, count + 1)
      anchors.add(count === 0 ? slug : `${slug}-${count}`)
    }
    for (const [, id] of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id)
  }
  return anchors
}

/** Why `reference`, made by the doc at `docPath`, does not hold in `root`; undefined when it does. */
export function referenceProblem(root: string, docPath: string, reference: DocReference): string | undefined {
  const [pathPart = '', anchor] = reference.target.split('#')
  const base = reference.kind === 'link' ? dirname(docPath) : root
  const file = pathPart === '' ? docPath : resolve(base, decodeURI(pathPart))
  if (!existsSync(file)) return 'no such file or folder'
  if (pathPart.endsWith('/') && !statSync(file).isDirectory()) return 'not a folder'
  if (reference.kind === 'link' && anchor !== undefined && file.endsWith('.md')) {
    if (!docAnchors(readFileSync(file, 'utf8')).has(anchor)) return `no heading #${anchor} in ${relative(root, file)}`
  }
  return undefined
}

/**
 * The paths among `paths` (relative to `root`) that git ignores: build output (`dist/`, the example's
 * `lib/`) and local secrets (`deploy/backend.env`), which a fresh clone does not have until a command
 * makes them.
 */
export function ignoredPaths(root: string, paths: string[]): Set<string> {
  const run = spawnSync('git', ['check-ignore', '--no-index', '--stdin'], { cwd: root, input: paths.join('\n'), encoding: 'utf8' })
  if (run.status !== 0 && run.status !== 1) throw new Error(`git check-ignore failed in ${root}: ${run.stderr}`)
  return new Set(run.stdout.split('\n').filter(Boolean))
}

/**
 * What the docs promise about the repository, the paths they name in `code spans` and the relative
 * links they make: every one that no longer holds in `root`, as `doc:line: target (why)`;
 * what git ignores is skipped. `read` gives a doc's text (a test passes an edited copy).
 */
export function brokenReferences(root: string, docs: string[], read = (doc: string) => readFileSync(join(root, doc), 'utf8')): string[] {
  const references = docs.flatMap((doc) => docReferences(read(doc)).map((reference) => ({ doc, reference })))
  const pathOf = (reference: DocReference) => reference.target.split('#')[0]
  const ignored = ignoredPaths(
    root,
    references.filter(({ reference }) => reference.kind === 'path').map(({ reference }) => pathOf(reference)),
  )
  return references.flatMap(({ doc, reference }) => {
    if (reference.kind === 'path' && ignored.has(pathOf(reference))) return []
    const problem = referenceProblem(root, join(root, doc), reference)
    return problem ? [`${doc}:${reference.line}: ${reference.target} (${problem})`] : []
  })
}
