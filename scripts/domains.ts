/**
 * `npm run domains [-- --json]`: prints, per mini-program platform, the hosts to put on the
 * console's request / uploadFile / downloadFile allow-lists, computed from the backend
 * configuration (env + .env, the same `loadConfig` the backend uses).
 */
import { ConfigError, loadConfig, loadDotEnv } from '../server/config'
import { allowListsByPlatform, type PlatformAllowList } from './cli/allow-list'

function render(lists: PlatformAllowList[], mode: string): string {
  const hint = mode === 'cloud' ? '' : ' (local emulator; run with APP_MODE=cloud and your production env for the real lists)'
  const lines: string[] = [`Allow-lists for the ${mode} configuration${hint}:`, '']
  for (const p of lists) {
    lines.push(`${p.name} (${p.platform}) — ${p.console}`)
    for (const kind of ['request', 'uploadFile', 'downloadFile'] as const) {
      p[kind].forEach((host, i) => lines.push(`  ${(i === 0 ? kind : '').padEnd(13)}${host}`))
    }
    lines.push('')
  }
  const warnings = lists[0]?.warnings ?? []
  if (warnings.length > 0) lines.push('Warnings:', ...warnings.map((w) => `  ! ${w}`), '')
  return lines.join('\n')
}

function main(): void {
  loadDotEnv()
  try {
    const config = loadConfig(process.env)
    const lists = allowListsByPlatform(config, process.env)
    process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(lists, null, 2)}\n` : render(lists, config.mode))
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    process.stderr.write(`${err.message}\n`)
    process.exit(1)
  }
}

main()
