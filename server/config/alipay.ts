import { createPrivateKey } from 'node:crypto'
import { readAlipayVerification } from '../login/alipay-verification'
import type { AlipayLoginConfig } from '../login/provider-config'
import { EMULATOR_DEFAULTS, REAL_ENDPOINTS } from './defaults'
import type { ConfigReader } from './reader'

/**
 * Alipay login: ALIPAY_APP_ID + ALIPAY_PRIVATE_KEY, how the backend verifies Alipay's answers, and
 * ALIPAY_GATEWAY. Undefined (login off) unless the app id and key are both there.
 */
export function readAlipayLogin(r: ConfigReader, emulatorUrl: string): AlipayLoginConfig | undefined {
  const appId = r.orEmulator('ALIPAY_APP_ID', EMULATOR_DEFAULTS.alipayAppId)
  const privateKeyPem = readPrivateKey(r)
  // The app id has an emulator default, so the pair rule only means something in cloud mode.
  if (r.cloud) r.bothOrNeither('ALIPAY_APP_ID', 'ALIPAY_PRIVATE_KEY', appId, privateKeyPem)
  const verification = readAlipayVerification((name) => r.get(name), {
    cloud: r.cloud,
    enabled: appId !== undefined && privateKeyPem !== undefined,
    emulatorInfoUrl: `${emulatorUrl}/__admin/info`,
    problems: r.problems,
  })
  const gateway = r.endpoint('ALIPAY_GATEWAY', `${emulatorUrl}/gateway.do`, REAL_ENDPOINTS.alipay)
  return appId !== undefined && privateKeyPem !== undefined && verification !== undefined
    ? { appId, privateKeyPem, gateway, verification }
    : undefined
}

function readPrivateKey(r: ConfigReader): string | undefined {
  // .env files cannot hold multi-line values portably: accept `\n` escapes in the PEM.
  const pem = r.get('ALIPAY_PRIVATE_KEY')?.replace(/\\n/g, '\n')
  if (pem === undefined) return undefined
  try {
    if (createPrivateKey(pem).asymmetricKeyType !== 'rsa') throw new Error('not RSA')
  } catch {
    // Never echo the value: it is a private key.
    r.problem('ALIPAY_PRIVATE_KEY: not a readable RSA private key; paste the PEM (PKCS#1 or PKCS#8), newlines as \\n')
  }
  return pem
}
