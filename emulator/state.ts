// Everything the emulator remembers, in one object so tests and the admin API see the same thing.
import { generateKeyPairSync, createPublicKey, type KeyObject } from 'node:crypto'
import type { EmulatorOptions } from './config'
import { Clock } from './clock'
import { CredentialStore } from './credentials'
import { NonceStore } from './nonces'
import { ObjectStore } from './objects'
import { LoginCodes } from './login/codes'
import { FaultController } from './faults'

export interface ResultImage {
  body: Buffer
  expiresAt: number
}

export interface AlipayKeys {
  /** Verifies the backend's RSA2 request signatures. */
  appPublicKey: KeyObject
  /** Set only when the emulator generated the app key pair itself (no PEM configured). */
  generatedAppPrivateKeyPem?: string
  /** "Alipay's" key pair: responses are signed with it, the backend verifies with the public PEM. */
  platformPrivateKey: KeyObject
  platformPublicKeyPem: string
}

export interface EmulatorState {
  options: EmulatorOptions
  clock: Clock
  credentials: CredentialStore
  nonces: NonceStore
  objects: ObjectStore
  results: Map<string, ResultImage>
  loginCodes: LoginCodes
  faults: FaultController
  /** DingTalk access_token → expiry. */
  dingtalkTokens: Map<string, number>
  alipay: AlipayKeys
  /** `http://127.0.0.1:<port>`, known once listening. */
  baseUrl: string
}

function alipayKeys(appPublicKeyPem: string | undefined): AlipayKeys {
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const platformPublicKeyPem = platform.publicKey.export({ type: 'spki', format: 'pem' }).toString()
  if (appPublicKeyPem) {
    return { appPublicKey: createPublicKey(appPublicKeyPem), platformPrivateKey: platform.privateKey, platformPublicKeyPem }
  }
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    appPublicKey: app.publicKey,
    generatedAppPrivateKeyPem: app.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    platformPrivateKey: platform.privateKey,
    platformPublicKeyPem,
  }
}

export function createState(options: EmulatorOptions): EmulatorState {
  return {
    options,
    clock: new Clock(options.now),
    credentials: new CredentialStore({
      kind: 'root',
      accessKeyId: options.rootAccessKeyId,
      accessKeySecret: options.rootAccessKeySecret,
    }),
    nonces: new NonceStore(),
    objects: new ObjectStore(Object.keys(options.buckets)),
    results: new Map(),
    loginCodes: new LoginCodes(),
    faults: new FaultController(),
    dingtalkTokens: new Map(),
    alipay: alipayKeys(options.alipayAppPublicKeyPem),
    baseUrl: '',
  }
}
