// Entry point: `npx tsx server/main.ts`. Reads config (env + .env), starts the API, prints the URL.
import { buildServer } from './app'
import { ConfigError, enabledPlatforms, loadConfig, loadDotEnv } from './config'
import { drain } from './health/drain'

async function main(): Promise<void> {
  loadDotEnv()
  let config
  try {
    config = loadConfig(process.env)
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`)
      process.exit(1)
    }
    throw err
  }
  const app = buildServer(config)
  // SIGTERM (container stop, Function Compute, compose down): drain, then close. SIGINT (Ctrl-C):
  // close now. Either way requests in flight finish before the process exits.
  const stop = (delayMs: number) => () => {
    drain(app, delayMs).then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', stop(0))
  process.once('SIGTERM', stop(config.drainSeconds * 1000))
  const address = await app.listen({ host: config.host, port: config.port })
  // Non-secret facts only: where we listen, which mode, where STS is, which logins are on.
  process.stdout.write(
    `backend (${config.mode}) listening on ${address}\n` +
      `  STS ${config.sts.endpoint}  role ${config.sts.roleArn}\n` +
      `  logins: ${enabledPlatforms(config).join(', ') || 'none'}\n`,
  )
}

main().catch((err) => {
  process.stderr.write(`backend failed to start: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
