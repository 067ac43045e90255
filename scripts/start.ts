/**
 * `npm start`: the cloud emulator, the backend and the H5 app on localhost, in one process.
 * With APP_MODE=cloud in `.env` the emulator is not started and the backend talks to Alibaba Cloud.
 * Ctrl-C stops everything.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { buildLocal } from './local-build'
import { serveStatic } from './static-server'
import { ROOT } from './build-freshness'
import { startStack } from './stack'
import { CLIENT_OPERATIONS } from '../src/lib/operations'

async function main(): Promise<void> {
  const envFile = path.join(ROOT, '.env')
  if (existsSync(envFile)) process.loadEnvFile(envFile)
  const h5Port = Number(process.env.H5_PORT ?? 10086)
  const stack = await startStack({
    emulatorPort: Number(process.env.EMULATOR_PORT ?? 9100),
    backendPort: Number(process.env.PORT ?? 8787),
    quiet: process.env.LOG_LEVEL === undefined,
    backendEnv: { CORS_ORIGINS: process.env.CORS_ORIGINS ?? `http://127.0.0.1:${h5Port},http://localhost:${h5Port}` },
  })
  const stop = async () => {
    await stack.close().catch(() => {})
    process.exit(0)
  }
  // `stop` swallows a failed close and exits, so a signal handler has nothing to await.
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())

  const dir = await buildLocal('h5', 'h5-local', { backendUrl: stack.backendUrl, emulatorUrl: stack.emulatorUrl }, (l) => console.log(l))
  const web = await serveStatic(dir, h5Port)
  console.log('')
  // The products the app's operations call, as the emulator answers them.
  const products = [...new Set(CLIENT_OPERATIONS.map((o) => o.product))].join(', ')
  if (stack.emulatorUrl) console.log(`  cloud emulator  ${stack.emulatorUrl}   (STS, OSS, ${products}, login providers)`)
  else console.log('  cloud           Alibaba Cloud (APP_MODE=cloud)')
  console.log(`  backend         ${stack.backendUrl}   (POST /api/login, POST /api/sts, POST /api/oss-policy, GET /healthz)`)
  console.log(`  H5 app          ${web.url}   ← open this`)
  console.log('\n  Ctrl-C stops everything.')
}

main().catch((err) => {
  console.error(`npm start failed: ${err instanceof Error ? err.message : String(err)}`)
  if (/EADDRINUSE/.test(String(err)))
    console.error('A port is taken: set EMULATOR_PORT, PORT or H5_PORT in .env, or stop the other process.')
  process.exit(1)
})
