import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build, transform } from 'esbuild'
import { buildLib } from '../scripts/build-lib'
import { fmt, type Row } from './types'

const ROOT = resolve(__dirname, '..')

/** Minified (as a mini program's upload tool or a bundler would) and gzipped (-9). */
async function minGzip(code: string, format: 'esm' | 'cjs'): Promise<{ min: number; gz: number }> {
  const min = (await transform(code, { minify: true, target: 'es2015', format, loader: 'js' })).code
  return { min: min.length, gz: gzipSync(min, { level: 9 }).length }
}

/**
 * The published library (`npm run build:lib`, rebuilt into dist/lib here): each bundle as shipped
 * (unminified ES2015) and minified + gzipped, against the same whole core bundled at ES2017 (what
 * the "whole core" bundle row measures): the difference is the cost of ES2015 syntax — async
 * functions as generators, helpers for spread and `?.`.
 */
export async function librarySize(): Promise<Row[]> {
  const lib = await buildLib()
  const es2017 = await build({
    entryPoints: [resolve(ROOT, 'src/lib/index.ts')],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    target: 'es2017',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  })
  const baseline = gzipSync(es2017.outputFiles[0].contents, { level: 9 }).length
  const rows: Row[] = []
  for (const [format, file] of [
    ['esm', lib.esm],
    ['cjs', lib.cjs],
  ] as const) {
    const code = readFileSync(file, 'utf8')
    const size = await minGzip(code, format)
    rows.push({
      section: 'Library',
      metric: `dist/lib ${format}/index.js, ES2015 (min + gzip)`,
      baseline: `${fmt.kb(baseline)} (whole core, ES2017, min + gzip)`,
      ours: `${fmt.kb(size.gz)} (${fmt.kb(size.min)} min; ${fmt.kb(code.length)} as shipped)`,
      ratio: `${(size.gz / baseline).toFixed(2)}× the ES2017 size`,
    })
  }
  return rows
}
