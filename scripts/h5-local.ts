/**
 * An H5 build wired to local ports (backend + emulator URLs are baked in at build time), and a
 * small static server for it. `npm start` and the E2E tests use these.
 */
import { execFile } from 'node:child_process'
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { isNewerThanSources, ROOT } from './build-freshness'

export interface H5BuildEnv {
  backendUrl: string
  emulatorUrl?: string
}

/** Builds `dist/<name>` for H5 with these URLs, unless an up-to-date build with the same URLs exists. */
export async function buildH5Local(name: string, env: H5BuildEnv, log: (line: string) => void = () => {}): Promise<string> {
  const out = path.join(ROOT, 'dist', name)
  const stampFile = path.join(out, '.build-env.json')
  const wanted = JSON.stringify(env)
  if (isNewerThanSources(path.join(out, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted) return out
  log(`building the H5 app into dist/${name} (about 20 s)…`)
  await new Promise<void>((resolve, reject) => {
    execFile(
      'npx',
      ['taro', 'build', '--type', 'h5'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          // Test runners set NODE_ENV=test, which would make Taro build a dev bundle with React refresh.
          NODE_ENV: 'production',
          VIAPI_OUTPUT_ROOT: `dist/${name}`,
          TARO_APP_BACKEND_URL: env.backendUrl,
          TARO_APP_EMULATOR_URL: env.emulatorUrl ?? '',
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, _stdout, stderr) => (err ? reject(new Error(`H5 build failed:\n${stderr.slice(-4000)}`)) : resolve()),
    )
  })
  writeFileSync(stampFile, wanted)
  return out
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

/** Serves a folder on loopback; unknown paths get index.html (the app routes by hash). */
export async function serveStatic(dir: string, port: number, host = '127.0.0.1'): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent((req.url ?? '/').split('?')[0])
    let file = path.join(dir, path.normalize(urlPath).replace(/^(\.\.[/\\])+/, ''))
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(dir, 'index.html')
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' })
    createReadStream(file).pipe(res)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  })
  const actual = (server.address() as AddressInfo).port
  return {
    url: `http://${host}:${actual}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
