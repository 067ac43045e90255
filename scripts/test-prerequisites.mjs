// `npm test` runs this first (the `pretest` script): the suite needs four Debian packages that
// npm cannot install. With root and apt-get they are installed, with a line saying what and why;
// otherwise the run stops within seconds with the exact command to run. Nothing is skipped silently.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** What the suite needs, why, and how to tell it is there. */
const NEEDS = [
  {
    pkg: 'chromium',
    why: 'the H5 browser tests (test/e2e) drive Debian’s Chromium',
    present: () => existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium'),
  },
  { pkg: 'redis-server', why: 'the scale-out tests (test/scale) start a real redis-server', present: () => onPath('redis-server') },
  {
    pkg: 'openssl',
    why: 'the Alipay certificate-mode tests make X.509 certificates with the openssl CLI',
    present: () => onPath('openssl'),
  },
  { pkg: 'fonts-noto-cjk', why: 'screenshots of the Chinese UI need CJK fonts to be readable', present: () => hasCjkFont() },
]

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

function hasCjkFont() {
  if (!onPath('fc-list')) return false
  try {
    return /noto sans cjk/i.test(execFileSync('fc-list', { encoding: 'utf8' }))
  } catch {
    return false
  }
}

const missing = NEEDS.filter((n) => !n.present())
if (missing.length === 0) process.exit(0)

const names = missing.map((n) => n.pkg).join(' ')
const reasons = missing.map((n) => `  - ${n.pkg}: ${n.why}`).join('\n')
// `--check`: report only, never install (what the test of this script uses).
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0 && !process.argv.includes('--check')

if (isRoot && onPath('apt-get')) {
  console.log(`npm test: installing ${names} with apt-get (once per machine):\n${reasons}`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', ...missing.map((n) => n.pkg)],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env })
    if (r.status !== 0) {
      console.error(
        `npm test: "apt-get ${args.join(' ')}" failed (exit ${r.status}). Install the packages by hand: apt-get install -y ${names}`,
      )
      process.exit(1)
    }
  }
  const still = NEEDS.filter((n) => !n.present()).map((n) => n.pkg)
  if (still.length > 0) {
    console.error(`npm test: still missing after apt-get: ${still.join(' ')}`)
    process.exit(1)
  }
  console.log('npm test: system packages ready')
  process.exit(0)
}

console.error(
  `npm test needs system packages that are not installed:\n${reasons}\n\n` +
    `Install them, then run npm test again:\n  sudo apt-get install -y ${names}\n` +
    '(Debian/Ubuntu. Elsewhere: a Chromium at /usr/bin/chromium, redis-server on the PATH, and Noto Sans CJK fonts.)',
)
process.exit(1)
