import { X509Certificate, createPublicKey } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'

/**
 * How the backend checks the RSA2 signature Alipay's gateway puts on every answer. Alipay apps use
 * one of two signing setups (接口加签方式), chosen in the Alipay console:
 * - `key`: public-key mode; the backend holds Alipay's public key (支付宝公钥).
 * - `cert`: public-key-certificate mode; the backend holds the app's public-key certificate, Alipay's
 *   public-key certificate and Alipay's root certificate. The SDK derives `app_cert_sn` and
 *   `alipay_root_cert_sn` (sent with every request) and Alipay's key from them.
 * - `emulator`: emulator mode only, when neither is configured: the emulator's Alipay public key,
 *   read from its `GET /__admin/info` on first use. Cloud mode never falls back to it.
 */
export type AlipayVerification =
  | { mode: 'key'; alipayPublicKeyPem: string }
  | { mode: 'cert'; appCertPem: string; alipayPublicCertPem: string; alipayRootCertPem: string }
  | { mode: 'emulator'; infoUrl: string }

const CERT_VARS = ['ALIPAY_APP_CERT', 'ALIPAY_PUBLIC_CERT', 'ALIPAY_ROOT_CERT'] as const

/**
 * Reads ALIPAY_PUBLIC_KEY or ALIPAY_APP_CERT / ALIPAY_PUBLIC_CERT / ALIPAY_ROOT_CERT, pushing a
 * problem that names the variable and says what to set. Undefined when Alipay login is disabled or a
 * problem was found.
 */
export function readAlipayVerification(
  get: (name: string) => string | undefined,
  context: { cloud: boolean; enabled: boolean; emulatorInfoUrl: string; problems: string[] },
): AlipayVerification | undefined {
  const { problems } = context
  const before = problems.length
  const publicKeyRaw = get('ALIPAY_PUBLIC_KEY')
  const certRaw = CERT_VARS.map((name) => get(name))
  const anyCert = certRaw.some((v) => v !== undefined)

  if (publicKeyRaw !== undefined && anyCert) {
    problems.push(
      'ALIPAY_PUBLIC_KEY / ALIPAY_*_CERT: set either ALIPAY_PUBLIC_KEY (public-key mode) ' +
        'or ALIPAY_APP_CERT, ALIPAY_PUBLIC_CERT and ALIPAY_ROOT_CERT (certificate mode), not both',
    )
  }
  if (anyCert && certRaw.some((v) => v === undefined)) {
    const missing = CERT_VARS.filter((_, i) => certRaw[i] === undefined).join(', ')
    problems.push(`ALIPAY_APP_CERT / ALIPAY_PUBLIC_CERT / ALIPAY_ROOT_CERT: certificate mode needs all three; also set ${missing}`)
  }
  if (context.enabled && publicKeyRaw === undefined && !anyCert && context.cloud) {
    problems.push(
      'ALIPAY_PUBLIC_KEY or ALIPAY_APP_CERT + ALIPAY_PUBLIC_CERT + ALIPAY_ROOT_CERT: required when APP_MODE=cloud and Alipay login is on, ' +
        "so the backend can verify the signature on Alipay's answers; " +
        "set ALIPAY_PUBLIC_KEY to the Alipay public key (支付宝公钥, not the app's own public key) " +
        'or, for an app on certificate mode, the three certificates from the Alipay console',
    )
  }

  let verification: AlipayVerification | undefined
  if (publicKeyRaw !== undefined) {
    const pem = alipayPublicKeyPem(publicKeyRaw)
    if (pem === undefined) {
      problems.push(
        'ALIPAY_PUBLIC_KEY: not a readable RSA public key; ' +
          'paste the Alipay public key (支付宝公钥) as PEM (newlines as \\n) or as the bare base64 the Alipay console shows',
      )
    } else {
      verification = { mode: 'key', alipayPublicKeyPem: pem }
    }
  } else if (anyCert) {
    const [app, pub, root] = CERT_VARS.map((name, i) => {
      const raw = certRaw[i]
      return raw === undefined ? undefined : readCertificate(name, raw, problems)
    })
    if (app !== undefined && pub !== undefined && root !== undefined) {
      verification = { mode: 'cert', appCertPem: app, alipayPublicCertPem: pub, alipayRootCertPem: root }
    }
  } else if (!context.cloud) {
    verification = { mode: 'emulator', infoUrl: context.emulatorInfoUrl }
  }
  return context.enabled && problems.length === before ? verification : undefined
}

/** PEM (with `\n` escapes) or bare base64 SPKI → SPKI PEM; undefined when it is not an RSA public key. */
export function alipayPublicKeyPem(raw: string): string | undefined {
  const text = raw.replace(/\\n/g, '\n').trim()
  const pem = text.includes('-----BEGIN')
    ? text
    : `-----BEGIN PUBLIC KEY-----\n${text
        .replace(/\s+/g, '')
        .replace(/(.{64})/g, '$1\n')
        .trim()}\n-----END PUBLIC KEY-----\n`
  try {
    const key = createPublicKey(pem)
    return key.asymmetricKeyType === 'rsa' ? key.export({ type: 'spki', format: 'pem' }).toString() : undefined
  } catch {
    return undefined
  }
}

// A certificate variable holds the PEM itself (newlines as \n) or the path of the .crt file the
// Alipay console hands out; files are read once, here, so a wrong path fails at startup.
function readCertificate(name: string, raw: string, problems: string[]): string | undefined {
  let pem = raw.replace(/\\n/g, '\n')
  if (!pem.includes('-----BEGIN')) {
    if (!existsSync(raw)) {
      problems.push(`${name}: no file at "${raw}"; set the path of the .crt file from the Alipay console or its PEM contents`)
      return undefined
    }
    pem = readFileSync(raw, 'utf8')
  }
  // Alipay's root file holds several certificates; the first must parse, the SDK reads them all.
  const first = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0]
  try {
    if (first === undefined) throw new Error('no certificate')
    const cert = new X509Certificate(first)
    if (name !== 'ALIPAY_ROOT_CERT' && cert.publicKey.asymmetricKeyType !== 'rsa') throw new Error('not RSA')
  } catch {
    problems.push(
      `${name}: not a readable RSA certificate; set the PEM contents (-----BEGIN CERTIFICATE-----…) or the path of the .crt file`,
    )
    return undefined
  }
  return pem.trim()
}
