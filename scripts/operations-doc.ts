/**
 * `npm run docs:operations [-- --check]`: writes the generated tables of docs/operations.md and
 * docs/platforms.md (and of any README.md or docs/*.md with the same markers): the operations table
 * from the declarations in src/lib/operations/, so the docs never retype an action, a RAM
 * action or a limit, and the default app's allow-list table from `allowList`
 * (scripts/cli/allow-list.ts, what `npm run domains` prints) on the backend's cloud-mode defaults,
 * so they never retype a host. `--check` changes nothing and exits 1 when a file is out of date or
 * has lost its markers.
 */
import { relative, resolve } from 'node:path'
import { syncOperationsDocs } from './cli/operations-docs'

function main(argv: string[]): number {
  const root = resolve(__dirname, '..')
  const check = argv.includes('--check')
  let stale: string[]
  try {
    stale = syncOperationsDocs(root, { write: !check }).map((f) => relative(root, f))
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
    return 1
  }
  if (check && stale.length > 0) {
    process.stderr.write(`operations / allow-list tables out of date in ${stale.join(', ')}: run npm run docs:operations\n`)
    return 1
  }
  process.stdout.write(stale.length > 0 ? `updated ${stale.join(', ')}\n` : 'operations and allow-list tables up to date\n')
  return 0
}

process.exitCode = main(process.argv.slice(2))
