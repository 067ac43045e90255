/** `viapi <bank-card|segment> <image> [--json] [--out <path>]`, parsed without a dependency. */
export type Command = 'bank-card' | 'segment'

export interface CliArgs {
  command: Command
  image: string
  json: boolean
  /** segment: where to save the cut-out. */
  out?: string
}

export const USAGE = `usage: npm run viapi -- <bank-card|segment> <image> [--json] [--out <cutout.png>]

Credentials, one of:
  VIAPI_BACKEND_URL (+ VIAPI_SESSION_TOKEN, or VIAPI_EMULATOR_URL to log in on the emulator as h5)
  ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET + ALIBABA_CLOUD_SECURITY_TOKEN
    with OSS_BUCKET [OSS_ENDPOINT, OSS_KEY_PREFIX, <PRODUCT>_ENDPOINT such as OCR_ENDPOINT]`

export class UsageError extends Error {}

export function parseArgs(argv: string[]): CliArgs {
  const positional: string[] = []
  let json = false
  let out: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--json') json = true
    else if (arg === '--out') {
      out = argv[++i]
      if (!out) throw new UsageError('--out needs a path')
    } else if (arg === '-h' || arg === '--help') throw new UsageError('')
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`)
    else positional.push(arg)
  }
  const [command, image, ...rest] = positional
  if (command !== 'bank-card' && command !== 'segment') throw new UsageError(command ? `unknown command "${command}"` : 'missing command')
  if (!image) throw new UsageError('missing image path')
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`)
  return { command, image, json, out }
}
