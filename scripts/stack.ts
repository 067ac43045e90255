/**
 * Starts the local stack in this process: the cloud emulator, then the backend wired to it.
 * Used by `npm start` (scripts/start.ts), the integration tests and the E2E tests, so all three
 * run exactly the same wiring.
 */
import type { FastifyInstance } from 'fastify'
import { startEmulator, type RunningEmulator } from '../emulator'
import type { EmulatorOptions } from '../emulator/config'
import { buildServer } from '../server/app'
import { loadConfig, type AppConfig } from '../server/config'

export interface Stack {
  emulator?: RunningEmulator
  backend: FastifyInstance
  backendUrl: string
  emulatorUrl?: string
  config: AppConfig
  close(): Promise<void>
}

export interface StackOptions {
  /** 0 = any free port. */
  emulatorPort?: number
  backendPort?: number
  /** Extra backend environment (merged over `env`). */
  backendEnv?: Record<string, string | undefined>
  /** The environment the backend config is read from. @default process.env */
  env?: Record<string, string | undefined>
  /** Start no emulator: the backend talks to real Alibaba Cloud (APP_MODE=cloud). */
  cloud?: boolean
  quiet?: boolean
  /** Emulator options over its defaults, e.g. `{newAccount: true}`. */
  emulator?: Partial<EmulatorOptions>
  /**
   * Upload through the bucket's "bound domain" (the emulator's `/bound/<bucket>`), as a new account
   * must: sets OSS_BUCKET_DOMAIN once the emulator's port is known. @default EMULATOR_BOUND_DOMAIN=1
   */
  boundDomain?: boolean
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const env = { ...(options.env ?? process.env), ...(options.backendEnv ?? {}) }
  const cloud = options.cloud ?? env.APP_MODE === 'cloud'
  let emulator: RunningEmulator | undefined
  if (!cloud) {
    emulator = await startEmulator({ port: options.emulatorPort ?? 9100, quiet: options.quiet ?? true, ...options.emulator })
  }
  try {
    const config = loadConfig({
      LOG_LEVEL: options.quiet === false ? 'info' : 'silent',
      ...env,
      PORT: String(options.backendPort ?? env.PORT ?? 8787),
      ...(emulator
        ? {
            EMULATOR_URL: emulator.url,
            ...((options.boundDomain ?? env.EMULATOR_BOUND_DOMAIN === '1')
              ? { OSS_BUCKET_DOMAIN: `${emulator.url}/bound/${env.OSS_BUCKET ?? 'viapi-kit-dev'}` }
              : {}),
            // The emulator makes a fresh Alipay app key pair per run; the backend signs with its private half.
            ...(emulator.alipay.appPrivateKeyPem && !env.ALIPAY_PRIVATE_KEY
              ? { ALIPAY_PRIVATE_KEY: emulator.alipay.appPrivateKeyPem }
              : {}),
          }
        : {}),
    })
    const backend = buildServer(config)
    const backendUrl = await backend.listen({ host: config.host, port: config.port })
    return {
      emulator,
      backend,
      backendUrl: backendUrl.replace('[::1]', '127.0.0.1'),
      emulatorUrl: emulator?.url,
      config,
      async close() {
        await backend.close()
        await emulator?.close()
      },
    }
  } catch (err) {
    await emulator?.close()
    throw err
  }
}
