/** `npm run doctor -- [--json] [--offline] [--console-domains <file>] [--image <photo>]`, parsed without a dependency. */
export interface DoctorArgs {
  json: boolean
  /** Offline checks only: no AssumeRole, upload or API call. */
  offline: boolean
  /** A JSON file (or inline JSON) of the domains entered in each mini-program console. */
  consoleDomains?: string
  /** A real card photo to recognize instead of the doctor's 1 KB test card. */
  image?: string
}

export const DOCTOR_USAGE = `usage: npm run doctor -- [--json] [--offline] [--console-domains <file>] [--image <card.jpg>]

Checks the backend configuration (env + .env) offline, then, unless --offline, runs one
AssumeRole, one 1 KB PostObject under <OSS_KEY_PREFIX>/doctor-check/ and one RecognizeBankCard.
  --console-domains <file>  JSON of the hosts entered in each console (or DOCTOR_CONSOLE_DOMAINS):
                            {"weapp": {"request": [...], "uploadFile": [...], "downloadFile": [...]},
                             "alipay": [...], "dd": [...]}
  --image <file>            a real card photo (JPEG/PNG) for the recognition step
  --json                    one JSON object: {mode, checks: [{id, status, summary, code, fix, docs}], failed}
Exit code: 0 when nothing failed (warnings allowed), 1 on any failure, 2 on a usage error.`

export class DoctorUsageError extends Error {}

export function parseDoctorArgs(argv: string[], env: Record<string, string | undefined> = {}): DoctorArgs {
  const args: DoctorArgs = { json: false, offline: false, consoleDomains: env.DOCTOR_CONSOLE_DOMAINS?.trim() || undefined }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      const v = argv[++i]
      if (!v) throw new DoctorUsageError(`${arg} needs a value`)
      return v
    }
    if (arg === '--json') args.json = true
    else if (arg === '--offline') args.offline = true
    else if (arg === '--console-domains') args.consoleDomains = value()
    else if (arg === '--image') args.image = value()
    else if (arg === '-h' || arg === '--help') throw new DoctorUsageError('')
    else throw new DoctorUsageError(`unknown argument ${arg}`)
  }
  return args
}
