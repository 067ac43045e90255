/**
 * A build of any target wired to local ports (backend + emulator URLs are baked in at build time)
 * in its own `dist/<name>` folder, so tests never race the project's `dist/<target>`.
 * `npm start` (H5), the E2E tests (H5) and the mini-program host tests (weapp/alipay/dd) use it.
 * Test files run in parallel processes: builds take a machine-wide lock (scripts/file-lock.ts), so
 * one waits for another building the same folder and then finds it fresh.
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { isNewerThanSources, ROOT } from './build-freshness'
import { acquireLock, TARO_BUILD_LOCK } from './file-lock'

export type LocalTarget = 'weapp' | 'alipay' | 'dd' | 'h5'

export interface LocalBuildEnv {
  backendUrl: string
  emulatorUrl?: string
}

/** Builds `dist/<name>` for `target` with these URLs, unless an up-to-date build with the same URLs exists. */
export async function buildLocal(
  target: LocalTarget,
  name: string,
  env: LocalBuildEnv,
  log: (line: string) => void = () => {},
): Promise<string> {
  const out = path.join(ROOT, 'dist', name)
  const stampFile = path.join(out, '.build-env.json')
  const wanted = JSON.stringify({ target, ...env })
  // app.json / index.html is written on every build; the stamp after it, so both old = stale.
  const fresh = () =>
    isNewerThanSources(path.join(out, target === 'h5' ? 'index.html' : 'app.json')) &&
    existsSync(stampFile) &&
    readFileSync(stampFile, 'utf8') === wanted
  if (fresh()) return out
  const release = await acquireLock(TARO_BUILD_LOCK, { log })
  try {
    // Another process may have built it while we waited.
    if (fresh()) return out
    log(`building the ${target} app into dist/${name} (${target === 'h5' ? 'about 20 s' : 'about 10 s'})…`)
    await new Promise<void>((resolve, reject) => {
      execFile(
        'npx',
        ['taro', 'build', '--type', target],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            // Test runners set NODE_ENV=test, which would make Taro build a dev bundle.
            NODE_ENV: 'production',
            VIAPI_OUTPUT_ROOT: `dist/${name}`,
            TARO_APP_BACKEND_URL: env.backendUrl,
            TARO_APP_EMULATOR_URL: env.emulatorUrl ?? '',
          },
          maxBuffer: 64 * 1024 * 1024,
        },
        (err, stdout, stderr) => (err ? reject(new Error(`${target} build failed:\n${errorLines(stdout + stderr)}`)) : resolve()),
      )
    })
    writeFileSync(stampFile, wanted)
    return out
  } finally {
    release()
  }
}

/** The lines of a Taro build log worth reading: progress bars and colour codes removed. */
function errorLines(log: string): string {
  // eslint-disable-next-line no-control-regex -- ESC starts the colour codes this strips
  const plain = log.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
  const lines = plain.split('\n').filter((l) => l.trim() && !/^\s*(● Webpack|encies|\d+\/\d+ )/.test(l))
  return lines.slice(-60).join('\n')
}
