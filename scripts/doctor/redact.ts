import type { CheckResult } from './types'

type Env = Record<string, string | undefined>

/** Environment variables whose values must never reach the output, wherever they show up. */
const SECRET_VARIABLE = /SECRET|PRIVATE_KEY|TOKEN|PASSWORD|REDIS_URL/i

/** Query parameters that carry a credential or a signature (signed OSS URLs, RPC GET calls). */
const SECRET_QUERY =
  /([?&](?:security-token|SecurityToken|Signature|x-oss-signature|x-oss-security-token|x-oss-credential|OSSAccessKeyId)=)[^&\s"']+/gi

const CENSOR = '[redacted]'

/**
 * Redacts what the doctor prints. server/http/logger.ts censors secret fields by name; the doctor prints
 * sentences, not objects, so it censors by value: the values of the secret variables in `env` and
 * any `extra` secrets (the STS secret and token just minted) wherever they occur, and credential
 * query parameters in URLs.
 */
export function createRedactor(env: Env, extra: () => string[] = () => []) {
  const fromEnv = Object.entries(env)
    .filter(([name, value]) => SECRET_VARIABLE.test(name) && value !== undefined && value.trim().length >= 6)
    .map(([, value]) => value!.trim())
  const text = (s: string): string => {
    let out = s.replace(SECRET_QUERY, `$1${CENSOR}`)
    for (const secret of [...fromEnv, ...extra()].filter((v) => v.length >= 6).sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(CENSOR)
    }
    return out
  }
  /** Every text field of a check: messages can quote a request (SDK errors quote the URL). */
  const check = (c: CheckResult): CheckResult =>
    Object.fromEntries(Object.entries(c).map(([k, v]) => [k, typeof v === 'string' ? text(v) : v])) as unknown as CheckResult
  return { text, check }
}

export type Redactor = ReturnType<typeof createRedactor>
