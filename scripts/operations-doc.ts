/**
 * `npm run docs:operations [-- --check]`: writes the operations table into README.md (and any
 * docs/*.md with the same markers) from the declarations in src/lib/viapi/operations.ts, so the
 * docs never retype an action, a RAM action or a limit. `--check` changes nothing and exits 1 when
 * a file is out of date.
 */
import { relative, resolve } from 'node:path'
import { syncOperationsDocs } from './cli/operations-docs'

function main(argv: string[]): number {
  const root = resolve(__dirname, '..')
  const check = argv.includes('--check')
  const stale = syncOperationsDocs(root, { write: !check }).map((f) => relative(root, f))
  if (check && stale.length > 0) {
    process.stderr.write(`operations table out of date in ${stale.join(', ')}: run npm run docs:operations\n`)
    return 1
  }
  process.stdout.write(stale.length > 0 ? `updated ${stale.join(', ')}\n` : 'operations table up to date\n')
  return 0
}

process.exitCode = main(process.argv.slice(2))
