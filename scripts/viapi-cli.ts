/**
 * `npm run viapi -- <operation> <image path | image URL | text> [--json] [--out <path>]`, for every
 * client operation (scripts/cli/args.ts). The same core as the app (src/lib) over the fetch
 * transport, for scripts and servers: get STS credentials (backend or env), make a photo fit the
 * API (planner + sharp), upload it to OSS, call the API, print the result and what was sent.
 */
import { promises as fs } from 'node:fs'
import { basename, extname, resolve } from 'node:path'
import {
  CLIENT_OPERATIONS,
  createFetchTransport,
  createViapiKit,
  detectImageFacesOperation,
  InputError,
  moderateText,
  recognizeBankCardOperation,
  segmentCommonImageOperation,
  viapiTempBucketRoute,
  type ImageLimits,
  type LocalImage,
  type Phase,
  type RemoteImage,
} from '../src/lib'
import type { ImageOperation } from '../src/lib/kit/image-operation'
import { diagnoseSignatures } from '../src/lib/rpc'
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

type Kit = ReturnType<typeof createViapiKit>
type Run = { onProgress?: (u: { phase: Phase; percent: number }) => void }

const isUrl = (input: string) => /^https?:\/\//i.test(input)

/** A file is read, planned and converted before any request (a non-image never reaches the network); a URL goes as it is. */
async function imageInput(input: string, limits: ImageLimits): Promise<{ image: LocalImage | RemoteImage; prepared?: PreparedImage }> {
  if (isUrl(input)) return { image: { url: input } }
  const prepared = await prepareImage(await readFile(input), limits)
  return { image: { path: new Uint8Array(prepared.bytes), contentType: prepared.contentType, size: prepared.bytes.length }, prepared }
}

function sentOf(p: PreparedImage | undefined) {
  if (!p) return undefined
  return {
    bytes: p.bytes.length,
    contentType: p.contentType,
    width: p.width,
    height: p.height,
    action: p.action,
    reasons: p.reasons,
    original: p.original,
  }
}

async function bankCard(kit: Kit, args: CliArgs, run: Run): Promise<void> {
  const { image, prepared } = await imageInput(args.input, recognizeBankCardOperation.imageLimits!)
  const r = await kit.recognize(recognizeBankCardOperation, image, run)
  const { object, ...result } = r
  if (args.json) return print({ operation: args.action, ...result, object, sent: sentOf(prepared) })
  process.stdout.write(
    formatFields([
      ['Card number', r.cardNumber],
      ['Bank', r.bankName],
      ['Card type', r.cardType],
      ['Valid until', r.validDate],
      ['Request id', r.requestId],
      ['Sent', prepared && describeSent(prepared)],
      ['Uploaded to', object?.url],
      ['Note', r.emulated ? 'emulated result (local emulator)' : undefined],
    ]),
  )
}

async function segment(kit: Kit, args: CliArgs, run: Run): Promise<void> {
  const { image, prepared } = await imageInput(args.input, segmentCommonImageOperation.imageLimits!)
  const r = await kit.recognize(segmentCommonImageOperation, image, run)
  // The cut-out URL is temporary: save the PNG now.
  const res = await fetch(r.imageUrl)
  if (!res.ok)
    throw new InputError(
      'DownloadFailed',
      `Downloading the cut-out answered ${res.status}`,
      'Run the segmentation again; result URLs expire.',
    )
  const name = isUrl(args.input) ? 'image' : basename(args.input, extname(args.input))
  const out = resolve(args.out ?? `${name}.cutout.png`)
  await fs.writeFile(out, Buffer.from(await res.arrayBuffer()))
  if (args.json)
    return print({
      operation: args.action,
      imageUrl: r.imageUrl,
      requestId: r.requestId,
      savedTo: out,
      object: r.object,
      sent: sentOf(prepared),
    })
  process.stdout.write(
    formatFields([
      ['Cut-out saved to', out],
      ['Request id', r.requestId],
      ['Sent', prepared && describeSent(prepared)],
      ['Uploaded to', r.object?.url],
    ]),
  )
}

async function moderate(kit: Kit, args: CliArgs, run: Run): Promise<void> {
  const r = await moderateText(kit, args.input, { ...run, service: args.service })
  if (args.json) return print({ operation: args.action, ...r })
  const labels = r.labels.map((l) => `${l.label} (${l.confidence ?? '?'})`).join(', ')
  process.stdout.write(
    formatFields([
      ['Verdict', r.verdict],
      ['Risk level', r.riskLevel],
      ['Labels', labels],
      ['Request id', r.requestId],
    ]),
  )
}

async function faces(kit: Kit, args: CliArgs, run: Run): Promise<void> {
  const { image, prepared } = await imageInput(args.input, detectImageFacesOperation.imageLimits!)
  const projectName = args.project ?? process.env.IMM_PROJECT
  const r = await kit.detectImageFaces(image, { ...run, projectName })
  const { object, ...result } = r
  if (args.json) return print({ operation: args.action, ...result, object, sent: sentOf(prepared) })
  process.stdout.write(
    formatFields([
      ['Faces', String(r.faces.length)],
      ['Request id', r.requestId],
      ['Uploaded to', object?.url],
    ]),
  )
}

/** Any other client operation that reads one image: through `kit.recognize`, its result as it parses. */
async function anyImageOperation(kit: Kit, args: CliArgs, run: Run): Promise<void> {
  const op = CLIENT_OPERATIONS.find((o) => o.action === args.action) as unknown as ImageOperation<Record<string, unknown>>
  if (!op.imageLimits) throw new InputError('UnsupportedOperation', `${args.action} takes no image`, 'Use the kit from code for it.')
  const { image } = await imageInput(args.input, op.imageLimits)
  if ('url' in image) return print({ operation: args.action, ...(await kit.recognize(op, image.url, run)) })
  print({ operation: args.action, ...(await kit.recognize(op, image, run)) })
}

const HANDLERS: Record<string, (kit: Kit, args: CliArgs, run: Run) => Promise<void>> = {
  RecognizeBankCard: bankCard,
  SegmentCommonImage: segment,
  TextModerationPlus: moderate,
  DetectImageFaces: faces,
}

async function runAction(args: CliArgs): Promise<void> {
  const transport = createFetchTransport({ readFile: fs.readFile, platform: 'cli' })
  // The CLI is where people debug their setup: explain signature mismatches in full.
  // A CLI carries every route the backend may grant, the temporary bucket included.
  const kit = createViapiKit({
    transport,
    grants: grantsFromEnv(process.env, transport),
    explainError: diagnoseSignatures,
    viapiTempBucketRoute,
    immProject: process.env.IMM_PROJECT,
  })
  const progress = progressLine()
  try {
    await (HANDLERS[args.action] ?? anyImageOperation)(kit, args, { onProgress: args.json ? undefined : progress.update })
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
  runAction(args).then(
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
