import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { isNewerThanSources, ROOT } from '../../scripts/build-freshness'
import { withLockSync, TARO_BUILD_LOCK } from '../../scripts/file-lock'

export { ROOT }
export const TARGETS = ['weapp', 'alipay', 'dd', 'h5'] as const
export type Target = (typeof TARGETS)[number]

/** The file each target always writes: its age is the build's age. */
function marker(target: Target): string {
  return path.join(ROOT, 'dist', target, target === 'h5' ? 'index.html' : 'app.json')
}

/**
 * Builds `target` with the project's own npm script unless an up-to-date build is already there.
 * Several test files use `dist/<target>` and may run at once in parallel workers: the build holds
 * the machine-wide Taro build lock, and a file that waited for it finds the build fresh.
 */
export function ensureBuilt(target: Target): string {
  if (!isNewerThanSources(marker(target))) {
    withLockSync(TARO_BUILD_LOCK, () => {
      if (isNewerThanSources(marker(target))) return
      // NODE_ENV=production: the test runner's NODE_ENV=test would give a dev bundle.
      execFileSync('npm', ['run', '--silent', `build:${target}`], {
        cwd: ROOT,
        stdio: 'pipe',
        env: { ...process.env, NODE_ENV: 'production' },
      })
    })
  }
  return path.join(ROOT, 'dist', target)
}
