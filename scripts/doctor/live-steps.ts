import { promises as fs } from 'node:fs'
import { endpointVariable, type AppConfig } from '../../server/config'
import { serializedUserPolicy } from '../../server/policy/user-policy'
import { stsGrant } from '../../server/routes/sts'
import { createSdkStsClient, type StsClient, type StsCredentials } from '../../server/sts'
import {
  createFetchTransport,
  createViapiKit,
  KitError,
  NetworkError,
  ServiceError,
  viapiTempBucketRoute,
  type StsGrant,
  recognizeBankCardOperation,
} from '../../src/lib'
import { parseGrant } from '../../src/lib/credentials'
import { fixFor, isNetworkCode, networkFix, type Stage } from './fixes'
import { recordingTransport, type Exchange } from './recording-transport'
import { ok, skip, type CheckResult } from './types'

/** The test user: its uploads land under `<OSS_KEY_PREFIX>/doctor-check/`, apart from real users'. */
export const DOCTOR_USER = 'doctor-check'

export const STEP_IDS = { sts: 'sts.assume-role', upload: 'oss.post-object', recognize: 'viapi.recognize-bank-card' } as const

export interface LiveStepOptions {
  config: AppConfig
  /** The image to upload and recognize (the doctor's 1 KB card, or the user's --image). */
  image: Uint8Array
  contentType: string
  /** Told every secret the steps mint, so the output can redact it. */
  onSecret(value: string): void
  /** @default the official STS SDK with the config's key and endpoint */
  sts?: StsClient
  /** Receives every request the kit made (the hosts a phone would call). */
  contacted?: Exchange[]
  /** Receives each step's result as soon as it is known (the command line prints it then). */
  add(...checks: CheckResult[]): void
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`

/** The live steps in order, stopping at the first failure; later steps are reported as not run. */
export async function runLiveSteps(options: LiveStepOptions): Promise<void> {
  const { config } = options
  const minted = await assumeRole(options)
  if ('failed' in minted) {
    options.add(minted.failed, skip(STEP_IDS.upload, 'not run: AssumeRole failed'), skip(STEP_IDS.recognize, 'not run: AssumeRole failed'))
    return
  }
  const creds = minted.credentials
  options.onSecret(creds.accessKeySecret)
  options.onSecret(creds.securityToken)
  options.add(
    ok(
      STEP_IDS.sts,
      `AssumeRole ${config.sts.roleArn} as ${DOCTOR_USER} with the generated session policy: temporary key until ${creds.expiration.toISOString()}`,
    ),
  )
  // Exactly what /api/sts would hand a client, so the kit below runs as it does on a phone.
  const grant = parseGrant(stsGrant(config, creds, DOCTOR_USER, Date.now()))
  options.add(...(await uploadAndRecognize(options, grant)))
}

async function assumeRole(options: LiveStepOptions): Promise<{ credentials: StsCredentials } | { failed: CheckResult }> {
  const { config } = options
  const sts = options.sts ?? createSdkStsClient({ ...config.sts, connectTimeoutMs: 5000, readTimeoutMs: 10000 })
  try {
    const credentials = await sts.assumeRole({
      roleArn: config.sts.roleArn,
      roleSessionName: DOCTOR_USER,
      durationSeconds: config.sts.durationSeconds,
      policy: serializedUserPolicy(config, DOCTOR_USER),
    })
    return { credentials }
  } catch (err) {
    const e = err as { code?: unknown; data?: { Message?: unknown }; message?: unknown }
    const code = typeof e.code === 'string' ? e.code : 'Unexpected'
    if (isNetworkCode(code)) return { failed: networkFailure(STEP_IDS.sts, code, config.sts.endpoint, 'STS_ENDPOINT', config) }
    const message = String(e.data?.Message ?? e.message ?? err).split('\n')[0]
    const fix = fixFor('sts', code)
    return {
      failed: {
        id: STEP_IDS.sts,
        status: 'fail',
        code,
        summary: `AssumeRole ${config.sts.roleArn} answered ${code}: ${message}`,
        fix: fix?.fix ?? 'See the message; `npm run ram-policy` prints the policies the user and role need.',
        docs: fix?.docs,
      },
    }
  }
}

function networkFailure(id: string, code: string, host: string, variable: string, config: AppConfig): CheckResult {
  const atEmulator = config.mode === 'emulator' && new URL(host).origin === new URL(config.emulatorUrl).origin
  const emulator = atEmulator ? ' Start the emulator first (`npm start` or `npm run emulator`).' : ''
  return {
    id,
    status: 'fail',
    code: 'NetworkUnreachable',
    summary: `${host} did not answer (${code})`,
    fix: networkFix(host, variable).fix + emulator,
  }
}

/**
 * One PostObject and one RecognizeBankCard through the core kit, as the app runs them (the kit
 * picks the image URL by the grant's route). Which step a failure belongs to comes from the error
 * and the requests the kit made.
 */
async function uploadAndRecognize(options: LiveStepOptions, grant: StsGrant): Promise<CheckResult[]> {
  const { config } = options
  const { transport, exchanges } = recordingTransport(createFetchTransport({ readFile: fs.readFile, platform: 'cli' }), options.contacted)
  // One attempt per upload: the doctor reports what the cloud answers, it does not paper over it.
  // Every route the backend may grant is linked, the temporary bucket's included (as in the CLI).
  const kit = createViapiKit({ transport, grants: async () => grant, uploadAttempts: 1, grantAttempts: 1, viapiTempBucketRoute })
  const image = { path: options.image, contentType: options.contentType, size: options.image.length }
  try {
    const r = await kit.recognize(recognizeBankCardOperation, image)
    const note = r.emulated ? ' (emulated result)' : ''
    const read = imageRead(exchanges)
    return [
      uploaded(exchanges, image.size) ?? ok(STEP_IDS.upload, `uploaded ${kb(image.size)}`),
      ok(
        STEP_IDS.recognize,
        `RecognizeBankCard (route ${grant.imageUrlRoute ?? 'plain-url'}) read ${read} and answered${note} (RequestId ${r.requestId || 'none'})`,
      ),
    ]
  } catch (err) {
    const stage = stageOf(err, grant, exchanges)
    const failed = describeFailure(err, stage, config, grant)
    if (stage === 'upload') return [failed, skip(STEP_IDS.recognize, 'not run: the upload failed')]
    return [uploaded(exchanges, image.size) ?? skip(STEP_IDS.upload, 'no upload was made'), failed]
  }
}

/** The ok line of a PostObject the cloud accepted, if one was made. */
function uploaded(exchanges: Exchange[], bytes: number): CheckResult | undefined {
  const done = exchanges.find(
    (x): x is Exchange & { status: number } => x.kind === 'upload' && x.status !== undefined && x.status >= 200 && x.status < 300,
  )
  return done && ok(STEP_IDS.upload, `PostObject ${kb(bytes)} to ${done.url} as ${done.key ?? '?'} (${done.status})`)
}

/** `https://host/key (signed URL)`: the ImageURL the vision call was given, without its query. */
function imageRead(exchanges: Exchange[]): string {
  const image = exchanges.find((x) => x.image)?.image
  return image ? `${image.url} (${image.signed ? 'signed URL' : 'plain URL'})` : 'the upload'
}

/** OSS errors and a host that never answered on the upload are the upload's; the rest the API call's. */
function stageOf(err: unknown, grant: StsGrant, exchanges: Exchange[]): Stage {
  if (err instanceof ServiceError) return err.service === 'oss' ? 'upload' : 'recognize'
  if (err instanceof NetworkError)
    return exchanges.some((x) => x.kind === 'upload' && x.url === err.url.split('?')[0]) || err.url.startsWith(grant.oss.host)
      ? 'upload'
      : 'recognize'
  return exchanges.some((x) => x.kind === 'upload' && x.status !== undefined && x.status < 300) ? 'recognize' : 'upload'
}

/** The variable that sets a host the kit called: the upload host's, or the product endpoint it matches. */
function variableFor(host: string, stage: Stage, config: AppConfig): string {
  if (stage === 'upload') return 'OSS_ENDPOINT / OSS_BUCKET_DOMAIN'
  const product = Object.entries(config.endpoints).find(([, endpoint]) => new URL(endpoint).origin === host)?.[0]
  return product ? endpointVariable(product) : 'the <PRODUCT>_ENDPOINT variables'
}

function describeFailure(err: unknown, stage: Stage, config: AppConfig, grant: StsGrant): CheckResult {
  const id = stage === 'upload' ? STEP_IDS.upload : STEP_IDS.recognize
  if (err instanceof NetworkError && err.failure !== 'aborted') {
    const host = new URL(err.url).origin
    return networkFailure(id, err.code, host, variableFor(host, stage, config), config)
  }
  if (!(err instanceof KitError))
    return {
      id,
      status: 'fail',
      code: 'Unexpected',
      summary: String((err as Error)?.message ?? err),
      fix: 'This looks like a bug in the doctor; report the line above.',
    }
  const code = err.code
  // The doctor's test image is no card; an answer that says so proves the API read the upload.
  if (stage === 'recognize' && code === 'InvalidImage.Content') {
    return {
      id,
      status: 'ok',
      code,
      summary:
        "RecognizeBankCard read the upload and found no card in the doctor's test image (expected; pass --image <card photo> for a real recognition)",
    }
  }
  const route = grant.imageUrlRoute ?? 'plain-url'
  const fix = fixFor(stage, code, route)
  const where = stage === 'upload' ? `PostObject to ${grant.oss.host}` : `RecognizeBankCard (route ${route})`
  return {
    id,
    status: 'fail',
    code,
    summary: `${where} failed: ${err.message}`,
    fix: fix?.fix ?? (err.hint || 'See the message above.'),
    docs: fix?.docs,
  }
}
