/** Whether a build folder is newer than every source file a Taro build reads. */
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '..')

/** Everything a Taro build reads; a build older than any of these is stale. */
const SOURCES = [
  'src',
  'config',
  'types',
  'babel.config.js',
  'package.json',
  'project.config.json',
  'project.alipay.json',
  '.env.production',
]

function newestMtime(relative: string): number {
  const full = path.join(ROOT, relative)
  if (!existsSync(full)) return 0
  const st = statSync(full)
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs
  for (const entry of readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(relative, entry)))
  return newest
}

/** True when `markerFile` exists and is newer than all sources. */
export function isNewerThanSources(markerFile: string): boolean {
  return existsSync(markerFile) && statSync(markerFile).mtimeMs > Math.max(...SOURCES.map(newestMtime))
}
