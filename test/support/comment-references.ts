import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { ignoredPaths, REPOSITORY_ROOTS } from './doc-references'

/** A repository path a comment names, with the line it is on. */
export interface CommentReference {
  target: string
  line: number
}

const ROOT_PATH = new RegExp(`(?<![\\w./@-])((?:${REPOSITORY_ROOTS.map((r) => r.replace('.', '\\.')).join('|')})/[\\w./-]*[\\w/])`, 'g')

/** Every comment of a TypeScript or JavaScript source with its line, as the compiler's parser finds them (never a string's `//`). */
function scriptComments(source: string, fileName: string): { text: string; line: number }[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true)
  const seen = new Set<number>()
  const out: { text: string; line: number }[] = []
  const collect = (pos: number) => {
    const ranges = [...(ts.getLeadingCommentRanges(source, pos) ?? []), ...(ts.getTrailingCommentRanges(source, pos) ?? [])]
    for (const range of ranges) {
      if (seen.has(range.pos)) continue
      seen.add(range.pos)
      const first = file.getLineAndCharacterOfPosition(range.pos).line
      source
        .slice(range.pos, range.end)
        .split('\n')
        .forEach((text, i) => out.push({ text, line: first + i + 1 }))
    }
  }
  const visit = (node: ts.Node) => {
    collect(node.pos)
    collect(node.end)
    node.forEachChild(visit)
  }
  visit(file)
  return out
}

/** Every `#` comment of a shell, YAML, Dockerfile or env file with its line. */
function hashComments(source: string): { text: string; line: number }[] {
  return source.split('\n').flatMap((line, i) => {
    const at = line.search(/(^|\s)#/)
    return at >= 0 ? [{ text: line.slice(at), line: i + 1 }] : []
  })
}

/** Repository paths (under a known root, no placeholder) named in the comments of `fileName` (`#` comments unless it is a script). */
export function commentReferences(source: string, fileName: string): CommentReference[] {
  if (source.search(ROOT_PATH) < 0) return [] // most files name no path at all: skip parsing them
  const comments = /\.[cm]?[jt]sx?$/.test(fileName) ? scriptComments(source, fileName) : hashComments(source)
  return comments.flatMap(({ text, line }) =>
    [...text.matchAll(ROOT_PATH)].map(([, target]) => ({ target: target.replace(/\.$/, ''), line })),
  )
}

/** A path as a comment names a module: the file itself, or the file without its extension (`server/config`). */
function exists(root: string, target: string): boolean {
  return ['', '.ts', '.tsx', '.mjs', '/index.ts'].some((ext) => existsSync(join(root, target + ext)))
}

/** Every path a comment of `files` names that is not in `root`, as `file:line: path`; what git ignores is skipped. */
export function brokenCommentReferences(
  root: string,
  files: string[],
  read = (file: string) => readFileSync(join(root, file), 'utf8'),
): string[] {
  const found = files.flatMap((file) => commentReferences(read(file), file).map((reference) => ({ file, ...reference })))
  const ignored = ignoredPaths(
    root,
    found.map((f) => f.target),
  )
  return found.filter((f) => !ignored.has(f.target) && !exists(root, f.target)).map((f) => `${f.file}:${f.line}: ${f.target}`)
}
