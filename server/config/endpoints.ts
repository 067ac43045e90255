import { CLIENT_OPERATIONS, type Operation } from '../../src/lib'
import { cloudEndpoints, endpointVariable } from './product-endpoints'
import type { ConfigReader } from './reader'
import type { AppConfig } from './types'

const IMM_PROJECT = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/

/**
 * The vision APIs the client calls, handed out with its credentials: one endpoint for the product of
 * every operation (CLIENT_OPERATIONS), from `<PRODUCT>_ENDPOINT` (OCR_ENDPOINT, IMAGESEG_ENDPOINT …),
 * else the emulator in emulator mode and the operation's `cloudEndpoint` in cloud mode.
 */
export function readEndpoints(
  r: ConfigReader,
  emulatorUrl: string,
  operations: ReadonlyArray<Pick<Operation<never, unknown>, 'product' | 'action' | 'cloudEndpoint'>> = CLIENT_OPERATIONS,
): AppConfig['endpoints'] {
  const endpoints: Record<string, string> = {}
  for (const [product, real] of Object.entries(cloudEndpoints(operations))) {
    endpoints[product] = r.endpoint(endpointVariable(product), emulatorUrl, real)
  }
  return endpoints
}

/** IMM authorizes per project; the emulator accepts any well-formed name, so it gets a default. */
export function readImmProject(r: ConfigReader): string | undefined {
  const project = r.orEmulator('IMM_PROJECT', 'viapi-kit')
  if (project !== undefined)
    r.matches('IMM_PROJECT', project, IMM_PROJECT, 'is not a project name (a letter, then letters, digits, _ or -)')
  return project
}
