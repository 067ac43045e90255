/**
 * `npm run viapi -- bank-card <image> | segment <image> [--json] [--out <path>]`
 * The same core as the app (src/lib) over the fetch transport, for scripts and servers: get STS
 * credentials (backend or env), upload the photo to OSS, call the vision API, print the result.
 */
import { promises as fs } from 'node:fs'
import { basename, extname, resolve } from 'node:path'
import { createFetchTransport, createViapiKit, diagnoseSignatures, InputError, sniffImageType, type LocalImage } from '../src/lib'
import { parseArgs, USAGE, UsageError, type CliArgs } from './cli/args'
import { grantsFromEnv } from './cli/grants'
import { describeError, formatError, formatFields, progressLine } from './cli/output'

async function readImage(path: string): Promise<LocalImage> {
  let bytes: Buffer
  try {
    bytes = await fs.readFile(path)
  } catch (err) {
    throw new InputError('FileNotReadable', `Cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 'Check the path to the image.')
  }
  const contentType = sniffImageType(bytes.subarray(0, 12))
  if (!contentType) throw new InputError('UnsupportedImageType', `${path} is not a JPEG, PNG, BMP or GIF image`, 'Use a JPEG, PNG, BMP or GIF photo.')
  // Bytes, not the path: the file is read once, and its size and type are known before upload.
  return { path: new Uint8Array(bytes), contentType, size: bytes.length }
}

async function run(args: CliArgs): Promise<void> {
  const transport = createFetchTransport({ readFile: fs.readFile, platform: 'cli' })
  // The CLI is where people debug their setup: explain signature mismatches in full.
  const kit = createViapiKit({ transport, grants: grantsFromEnv(process.env, transport), explainError: diagnoseSignatures })
  const image = await readImage(args.image)
  const progress = progressLine()
  const runOptions = { onProgress: args.json ? undefined : progress.update }
  try {
    if (args.command === 'bank-card') {
      const r = await kit.recognizeBankCard(image, runOptions)
      progress.done()
      const { object, ...result } = r
      if (args.json) return print({ operation: 'RecognizeBankCard', ...result, object })
      process.stdout.write(formatFields([
        ['Card number', r.cardNumber], ['Bank', r.bankName], ['Card type', r.cardType], ['Valid until', r.validDate],
        ['Request id', r.requestId], ['Uploaded to', object?.url], ['Note', r.emulated ? 'emulated result (local emulator)' : undefined],
      ]))
      return
    }
    const r = await kit.segmentCommonImage(image, runOptions)
    // The cut-out URL is temporary: save the PNG now.
    const res = await fetch(r.imageUrl)
    if (!res.ok) throw new InputError('DownloadFailed', `Downloading the cut-out answered ${res.status}`, 'Run the segmentation again; result URLs expire.')
    const out = resolve(args.out ?? `${basename(args.image, extname(args.image))}.cutout.png`)
    await fs.writeFile(out, Buffer.from(await res.arrayBuffer()))
    progress.done()
    if (args.json) return print({ operation: 'SegmentCommonImage', imageUrl: r.imageUrl, requestId: r.requestId, savedTo: out, object: r.object })
    process.stdout.write(formatFields([['Cut-out saved to', out], ['Request id', r.requestId], ['Uploaded to', r.object?.url]]))
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
