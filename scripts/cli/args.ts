import { CLIENT_OPERATIONS } from '../../src/lib'

/**
 * `viapi <operation> <input> [--json] [--out <path>] [--service <name>] [--project <name>]`, parsed
 * without a dependency. The operations are the kit's CLIENT_OPERATIONS, each named by its action in
 * kebab case (`recognize-bank-card`), with a short alias for the common ones.
 */
export interface CliArgs {
  /** The operation's action, e.g. `RecognizeBankCard`. */
  action: string
  /** An image path or URL, or the text to check. */
  input: string
  json: boolean
  /** segment: where to save the cut-out. */
  out?: string
  /** Text moderation: the TextModerationPlus `Service`. */
  service?: string
  /** Face detection: the IMM project (default: IMM_PROJECT). */
  project?: string
}

const kebab = (action: string) => action.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()
const ALIASES: Record<string, string> = {
  'bank-card': 'RecognizeBankCard',
  segment: 'SegmentCommonImage',
  moderate: 'TextModerationPlus',
  faces: 'DetectImageFaces',
}

/** Every command the CLI takes: each client operation's kebab-case action, and the aliases. */
export const COMMANDS: Record<string, string> = {
  ...Object.fromEntries(CLIENT_OPERATIONS.map((op) => [kebab(op.action), op.action])),
  ...ALIASES,
}

const names = Object.entries(COMMANDS)
  .map(([command, action]) => (ALIASES[command] ? `${command} (${kebab(action)})` : undefined))
  .filter(Boolean)
  .join(', ')

export const USAGE = `usage: npm run viapi -- <operation> <image path | image URL | text> [--json] [--out <cutout.png>]
                      [--service <TextModerationPlus Service>] [--project <IMM project>]

Operations: ${names}

Credentials, one of:
  VIAPI_BACKEND_URL (+ VIAPI_SESSION_TOKEN, or VIAPI_EMULATOR_URL to log in on the emulator as h5)
  ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET + ALIBABA_CLOUD_SECURITY_TOKEN
    with OSS_BUCKET [OSS_ENDPOINT, OSS_KEY_PREFIX, <PRODUCT>_ENDPOINT such as OCR_ENDPOINT]`

export class UsageError extends Error {}

const VALUE_OPTIONS = { '--out': 'out', '--service': 'service', '--project': 'project' } as const

export function parseArgs(argv: string[]): CliArgs {
  const positional: string[] = []
  const values: Partial<Record<'out' | 'service' | 'project', string>> = {}
  let json = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--json') json = true
    else if (arg in VALUE_OPTIONS) {
      const value = argv[++i]
      if (!value) throw new UsageError(`${arg} needs a value`)
      values[VALUE_OPTIONS[arg as keyof typeof VALUE_OPTIONS]] = value
    } else if (arg === '-h' || arg === '--help') throw new UsageError('')
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`)
    else positional.push(arg)
  }
  const [command, input, ...rest] = positional
  const action = command ? COMMANDS[command] : undefined
  if (!action) throw new UsageError(command ? `unknown command "${command}"` : 'missing command')
  if (!input) throw new UsageError(action === 'TextModerationPlus' ? 'missing text' : 'missing image path or URL')
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`)
  return { action, input, json, ...values }
}
