// Public API of the local Alibaba Cloud emulator: `startEmulator()` starts STS, the vision RPC
// APIs, OSS, the login providers and the admin API on one loopback port.
import type { AddressInfo } from 'node:net'
import { resolveOptions, type EmulatorOptions } from './config'
import { createState, type EmulatorState } from './state'
import { createControls, type Controls } from './controls'
import { createLogger } from './logger'
import { createEmulatorServer } from './server'

export type { EmulatorOptions, BucketOptions } from './config'
export { DEV_ROOT_ACCESS_KEY_ID, DEV_ROOT_ACCESS_KEY_SECRET, DEV_ACCOUNT_ID, defaultRolePolicy } from './config'
export type { EmulatorState } from './state'
export type { Controls, FaultSettings } from './controls'
export type { FaultRule, FaultKind, Service } from './faults'
export type { LoginPlatform } from './login/codes'
export type { PolicyDocument, PolicyStatement } from './policy'

export interface RunningEmulator extends Controls {
  /** `http://127.0.0.1:<port>` */
  url: string
  port: number
  options: EmulatorOptions
  state: EmulatorState
  /** Alipay keys for wiring a backend: the app private key only when the emulator generated it. */
  alipay: { appId: string; appPrivateKeyPem?: string; alipayPublicKeyPem: string }
  close(): Promise<void>
}

export async function startEmulator(partial: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  const options = resolveOptions(partial)
  const state = createState(options)
  const controls = createControls(state)
  const log = createLogger(options.log, options.quiet)
  const server = createEmulatorServer(state, controls, log)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  state.baseUrl = `http://${host}:${port}`
  log({ event: 'started', url: state.baseUrl, rootAccessKeyId: options.rootAccessKeyId })
  return {
    ...controls,
    url: state.baseUrl,
    port,
    options,
    state,
    alipay: {
      appId: options.alipayAppId,
      appPrivateKeyPem: state.alipay.generatedAppPrivateKeyPem,
      alipayPublicKeyPem: state.alipay.platformPublicKeyPem,
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      }),
  }
}
