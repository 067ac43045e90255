import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { isNewerThanSources, ROOT } from '../../scripts/build-freshness'

export { ROOT }
export const TARGETS = ['weapp', 'alipay', 'dd', 'h5'] as const
export type Target = (typeof TARGETS)[number]

/** The file each target always writes: its age is the build's age. */
function marker(target: Target): string {
  return path.join(ROOT, 'dist', target, target === 'h5' ? 'index.html' : 'app.json')
}

/** Builds `target` with the project's own npm script unless an up-to-date build is already there. */
export function ensureBuilt(target: Target): string {
  if (!isNewerThanSources(marker(target))) {
    // NODE_ENV=production: the test runner's NODE_ENV=test would give a dev bundle.
    execFileSync('npm', ['run', '--silent', `build:${target}`], { cwd: ROOT, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } })
  }
  return path.join(ROOT, 'dist', target)
}
