import { createPrivateKey } from 'node:crypto'
import { AlipaySdk } from 'alipay-sdk'
import type { AlipaySdkConfig } from 'alipay-sdk'
import type { Clock } from '../base/clock'
import { systemClock } from '../base/clock'
import type { AlipayLoginConfig } from './provider-config'
import { alipayPublicKeyPem } from './alipay-verification'
import { alipayErrorAnswer, alipayFailure } from './alipay-failure'
import { alipayTimestamp } from './alipay-timestamp'
import { DEFAULT_TIMEOUT_MS, fetchJson, str } from './http'
import { LoginError } from './types'
import type { FetchFn, LoginVerifier } from './types'

const METHOD = 'alipay.system.oauth.token'
const RESPONSE_KEY = 'alipay_system_oauth_token_response'

export interface AlipayOptions extends AlipayLoginConfig {
  /** @default 5000 */
  timeoutMs?: number
  clock?: Clock
  /** Only reads the emulator's `/__admin/info` (verification mode `emulator`); the SDK has its own HTTP client. */
  fetch?: FetchFn
}

/**
 * `alipay.system.oauth.token` through the official `alipay-sdk` (v2 gateway protocol, RSA2):
 * exchanges an auth code for the user's id (open_id, or user_id for apps created before 2023).
 * The SDK signs the request (and, in certificate mode, adds `app_cert_sn`/`alipay_root_cert_sn`);
 * `validateSign: true` makes it verify the signature on the answer, which it does not do by default.
 */
export function createAlipayVerifier(options: AlipayOptions): LoginVerifier {
  const clock = options.clock ?? systemClock
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  let pending: Promise<AlipaySdk> | undefined
  // One SDK per verifier; in emulator mode its creation waits for the emulator's key, and a failed
  // fetch is not remembered.
  const sdk = () => {
    pending ??= createSdk(options, timeoutMs).catch((err: unknown) => {
      pending = undefined
      throw err
    })
    return pending
  }
  return {
    async verify(code) {
      const client = await sdk()
      let node: Record<string, unknown>
      try {
        node = await client.exec(
          METHOD,
          {
            grant_type: 'authorization_code',
            code,
            timestamp: alipayTimestamp(clock.now()),
          },
          { validateSign: true },
        )
      } catch (err) {
        throw alipayFailure(err, client, RESPONSE_KEY)
      }
      const id = str(node.open_id) ?? str(node.user_id)
      if (id) return { providerUserId: id }
      throw alipayErrorAnswer(node)
    },
  }
}

async function createSdk(options: AlipayOptions, timeoutMs: number): Promise<AlipaySdk> {
  const { verification } = options
  const base: AlipaySdkConfig = {
    appId: options.appId,
    // The SDK re-wraps the key body under the header its `keyType` names, so hand it PKCS#8 always.
    privateKey: createPrivateKey(options.privateKeyPem).export({ type: 'pkcs8', format: 'pem' }).toString().trim(),
    keyType: 'PKCS8',
    signType: 'RSA2',
    gateway: options.gateway,
    timeout: timeoutMs,
    camelcase: false,
  }
  if (verification.mode === 'cert') {
    return new AlipaySdk({
      ...base,
      appCertContent: verification.appCertPem,
      alipayPublicCertContent: verification.alipayPublicCertPem,
      alipayRootCertContent: verification.alipayRootCertPem,
    })
  }
  const publicKey =
    verification.mode === 'key'
      ? verification.alipayPublicKeyPem
      : await emulatorAlipayPublicKey(verification.infoUrl, options.fetch ?? fetch, timeoutMs)
  return new AlipaySdk({ ...base, alipayPublicKey: publicKey.trim() })
}

async function emulatorAlipayPublicKey(infoUrl: string, fetchFn: FetchFn, timeoutMs: number): Promise<string> {
  const { body } = await fetchJson(fetchFn, 'The emulator', infoUrl, {}, timeoutMs)
  const pem = typeof body.alipayPublicKeyPem === 'string' ? alipayPublicKeyPem(body.alipayPublicKeyPem) : undefined
  if (pem === undefined) throw new LoginError('ProviderUnavailable', 'The emulator did not give its Alipay public key')
  return pem
}
