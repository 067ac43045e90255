import { REAL_ENDPOINTS } from './defaults'
import type { ConfigReader } from './reader'
import type { AppConfig } from './types'

const IMM_PROJECT = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/

/** The vision APIs the client calls, handed out with its credentials. */
export function readEndpoints(r: ConfigReader, emulatorUrl: string): AppConfig['endpoints'] {
  return {
    ocr: r.endpoint('OCR_ENDPOINT', emulatorUrl, REAL_ENDPOINTS.ocr),
    imageseg: r.endpoint('IMAGESEG_ENDPOINT', emulatorUrl, REAL_ENDPOINTS.imageseg),
    moderation: r.endpoint('MODERATION_ENDPOINT', emulatorUrl, REAL_ENDPOINTS.moderation),
    imm: r.endpoint('IMM_ENDPOINT', emulatorUrl, REAL_ENDPOINTS.imm),
  }
}

/** IMM authorizes per project; the emulator accepts any well-formed name, so it gets a default. */
export function readImmProject(r: ConfigReader): string | undefined {
  const project = r.orEmulator('IMM_PROJECT', 'viapi-kit')
  if (project !== undefined) r.matches('IMM_PROJECT', project, IMM_PROJECT, 'is not a project name (a letter, then letters, digits, _ or -)')
  return project
}
