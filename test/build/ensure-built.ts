import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '../..')
export const TARGETS = ['weapp', 'alipay', 'dd', 'h5'] as const
export type Target = (typeof TARGETS)[number]

/** Everything a Taro build reads; a build older than any of these is stale. */
const SOURCES = ['src', 'config', 'types', 'babel.config.js', 'package.json', 'project.config.json', 'project.alipay.json', '.env.production']

function newestMtime(relative: string): number {
  const full = path.join(ROOT, relative)
  if (!existsSync(full)) return 0
  const st = statSync(full)
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs
  for (const entry of readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(relative, entry)))
  return newest
}

/** The file each target writes last-ish and always: its age is the build's age. */
function marker(target: Target): string {
  return path.join(ROOT, 'dist', target, target === 'h5' ? 'index.html' : 'app.json')
}

export function isFresh(target: Target): boolean {
  const file = marker(target)
  return existsSync(file) && statSync(file).mtimeMs > Math.max(...SOURCES.map(newestMtime))
}

/** Builds `target` with the project's own npm script unless an up-to-date build is already there. */
export function ensureBuilt(target: Target): string {
  if (!isFresh(target)) {
    execFileSync('npm', ['run', '--silent', `build:${target}`], { cwd: ROOT, stdio: 'pipe' })
  }
  return path.join(ROOT, 'dist', target)
}
