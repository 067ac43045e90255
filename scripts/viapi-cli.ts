/**
 * `npm run viapi -- bank-card <image> | segment <image> [--json] [--out <path>]`
 * The same core as the app (src/lib) over the fetch transport, for scripts and servers: get STS
 * credentials (backend or env), make the photo fit the API (planner + sharp), upload it to OSS,
 * call the vision API, print the result and what was sent.
 */
import { promises as fs } from 'node:fs'
import { basename, extname, resolve } from 'node:path'
import {
  createFetchTransport,
  createViapiKit,
  diagnoseSignatures,
  InputError,
  recognizeBankCardOperation,
  segmentCommonImageOperation,
  viapiTempBucketRoute,
  type LocalImage,
} from '../src/lib'
import { parseArgs, USAGE, UsageError, type CliArgs } from './cli/args'
import { grantsFromEnv } from './cli/grants'
import { describeError, formatError, formatFields, progressLine } from './cli/output'
import { prepareImage, type PreparedImage } from './cli/prepare-image'

async function readFile(path: string): Promise<Buffer> {
  try {
    return await fs.readFile(path)
  } catch (err) {
    throw new InputError(
      'FileNotReadable',
      `Cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      'Check the path to the image.',
    )
  }
}

const kb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : `${(n / 1024).toFixed(1)} KB`)

/** `312.4 KB JPEG 1600×1200 (resize from 4000×3000, 3.90 MB)`. */
function describeSent(p: PreparedImage): string {
  const what = `${kb(p.bytes.length)} ${p.contentType.slice(6).toUpperCase()} ${p.width ?? '?'}×${p.height ?? '?'}`
  if (p.action === 'none') return `${what} (as it was)`
  return `${what} (${p.action} from ${p.original.type?.toUpperCase()} ${p.original.width ?? '?'}×${p.original.height ?? '?'}, ${kb(p.original.bytes)})`
}

async function run(args: CliArgs): Promise<void> {
  const transport = createFetchTransport({ readFile: fs.readFile, platform: 'cli' })
  // The CLI is where people debug their setup: explain signature mismatches in full.
  // A CLI carries every route the backend may grant, the temporary bucket included.
  const kit = createViapiKit({
    transport,
    grants: grantsFromEnv(process.env, transport),
    explainError: diagnoseSignatures,
    viapiTempBucketRoute,
  })
  const operation = args.command === 'bank-card' ? recognizeBankCardOperation : segmentCommonImageOperation
  // Read, plan and convert before any request: a non-image or empty file never reaches the network.
  const prepared = await prepareImage(await readFile(args.image), operation.imageLimits!)
  const image: LocalImage = { path: new Uint8Array(prepared.bytes), contentType: prepared.contentType, size: prepared.bytes.length }
  const sent = {
    bytes: prepared.bytes.length,
    contentType: prepared.contentType,
    width: prepared.width,
    height: prepared.height,
    action: prepared.action,
    reasons: prepared.reasons,
    original: prepared.original,
  }
  const progress = progressLine()
  const runOptions = { onProgress: args.json ? undefined : progress.update }
  try {
    if (args.command === 'bank-card') {
      const r = await kit.recognizeBankCard(image, runOptions)
      progress.done()
      const { object, ...result } = r
      if (args.json) return print({ operation: operation.action, ...result, object, sent })
      process.stdout.write(
        formatFields([
          ['Card number', r.cardNumber],
          ['Bank', r.bankName],
          ['Card type', r.cardType],
          ['Valid until', r.validDate],
          ['Request id', r.requestId],
          ['Sent', describeSent(prepared)],
          ['Uploaded to', object?.url],
          ['Note', r.emulated ? 'emulated result (local emulator)' : undefined],
        ]),
      )
      return
    }
    const r = await kit.segmentCommonImage(image, runOptions)
    // The cut-out URL is temporary: save the PNG now.
    const res = await fetch(r.imageUrl)
    if (!res.ok)
      throw new InputError(
        'DownloadFailed',
        `Downloading the cut-out answered ${res.status}`,
        'Run the segmentation again; result URLs expire.',
      )
    const out = resolve(args.out ?? `${basename(args.image, extname(args.image))}.cutout.png`)
    await fs.writeFile(out, Buffer.from(await res.arrayBuffer()))
    progress.done()
    if (args.json)
      return print({ operation: operation.action, imageUrl: r.imageUrl, requestId: r.requestId, savedTo: out, object: r.object, sent })
    process.stdout.write(
      formatFields([
        ['Cut-out saved to', out],
        ['Request id', r.requestId],
        ['Sent', describeSent(prepared)],
        ['Uploaded to', r.object?.url],
      ]),
    )
  } finally {
    progress.done()
  }
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`)
}

function main(): void {
  const argv = process.argv.slice(2)
  let args: CliArgs
  try {
    args = parseArgs(argv)
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    process.stderr.write(`${err.message ? `${err.message}\n` : ''}${USAGE}\n`)
    process.exit(err.message ? 2 : 0)
  }
  run(args).then(
    () => process.exit(0),
    (err: unknown) => {
      const report = describeError(err)
      if (args.json) print({ error: report })
      else process.stderr.write(formatError(report))
      process.exit(1)
    },
  )
}

main()
