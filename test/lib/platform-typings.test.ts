import { readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The typings check (typecheck/platform-typings.check.ts, `npm run typecheck`) must bite: the same
 * project, compiled in-process with the TypeScript compiler API, once as it is (clean) and once with
 * the adapters' sources edited in memory — misspelled option keys and result fields, and one
 * documented exception taken away — must fail exactly on the check's lines for those calls, and
 * nowhere else (the edited adapters stay self-consistent, so only the vendors' typings can tell).
 */
const root = path.resolve(__dirname, '../..')
const at = (file: string) => path.join(root, file)
const CHECK = at('typecheck/platform-typings.check.ts')
const WECHAT = at('src/lib/platform/wechat.ts')
const ALIPAY = at('src/lib/platform/alipay.ts')

/** Replaces `from`, which must occur exactly once (so a refactor cannot turn an edit into a no-op). */
function once(text: string, from: string, to: string): string {
  const count = text.split(from).length - 1
  if (count !== 1) throw new Error(`expected exactly one "${from}", found ${count}`)
  return text.replace(from, to)
}

/** Parsed files are shared between compiles: the typings are ~60,000 lines. */
const parsed = new Map<string, ts.SourceFile>()

function compile(edits: Record<string, (text: string) => string> = {}): readonly ts.Diagnostic[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    at('tsconfig.platform-typings.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'))
      },
    },
  )
  if (!config) throw new Error('tsconfig.platform-typings.json did not parse')
  const host = ts.createCompilerHost(config.options)
  host.getSourceFile = (fileName, languageVersion) => {
    const file = path.resolve(fileName)
    const edit = edits[file]
    if (edit) return ts.createSourceFile(fileName, edit(readFileSync(file, 'utf8')), languageVersion, true)
    let source = parsed.get(file)
    if (!source) {
      const text = ts.sys.readFile(fileName)
      if (text === undefined) return undefined
      source = ts.createSourceFile(fileName, text, languageVersion, true)
      parsed.set(file, source)
    }
    return source
  }
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host })
  return ts.getPreEmitDiagnostics(program)
}

/** Each diagnostic as `file:line  source line  —  message`. */
function describeAll(diagnostics: readonly ts.Diagnostic[]) {
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n')
    if (!d.file || d.start === undefined) return { file: '', line: '', message }
    const { line } = d.file.getLineAndCharacterOfPosition(d.start)
    return { file: path.relative(root, d.file.fileName), line: d.file.text.split('\n')[line].trim(), message }
  })
}

describe('platform typings check (wx: miniprogram-api-typings, my: @mini-types/alipay)', () => {
  it('the adapters as they are pass the check', () => {
    expect(describeAll(compile())).toEqual([])
  }, 120_000)

  it('fails on a misspelled option key, a misspelled result field and a removed exception, on those lines only', () => {
    const diagnostics = describeAll(
      compile({
        [WECHAT]: (text) => {
          // wx.compressImage option: `compressedWidth` → `compressedWidht` (optional, so plain assignability would pass).
          let out = once(text, 'compressedWidth: options.width', 'compressedWidht: options.width')
          // wx.chooseMedia result, inside the list: `tempFiles[].tempFilePath` → `tempFilePth`, declared and read.
          out = once(
            out,
            '{ tempFilePath?: string; size?: number; fileType?: string }',
            '{ tempFilePth?: string; size?: number; fileType?: string }',
          )
          return once(
            out,
            'picked(file?.tempFilePath, file?.size, file?.fileType)',
            'picked(file?.tempFilePth, file?.size, file?.fileType)',
          )
        },
        [ALIPAY]: (text) => {
          // my.uploadFile option: `hideLoading` → `hideLoadng`.
          const out = once(text, 'hideLoading: true,', 'hideLoadng: true,')
          // my.downloadFile result: `apFilePath` → `apFilePth`, declared and read.
          return once(
            out,
            'read: (res: { tempFilePath?: string; apFilePath?: string }) => downloaded(undefined, res.tempFilePath || res.apFilePath)',
            'read: (res: { tempFilePath?: string; apFilePth?: string }) => downloaded(undefined, res.tempFilePath || res.apFilePth)',
          )
        },
        // Without its documented exception, my.getImageInfo's `type` (typings: number) fails the reader's `string`.
        [CHECK]: (text) => once(text, 'Reads<MyImageInfoAnswer,', 'Reads<SuccessOf<typeof my.getImageInfo>,'),
      }),
    )
    // Only the check file complains: the edited adapters are valid TypeScript on their own.
    expect(diagnostics.filter((d) => d.file !== 'typecheck/platform-typings.check.ts')).toEqual([])
    const failing = (call: string) => diagnostics.filter((d) => d.line.includes(call))
    expect(failing('Built<typeof WX_MEDIA.compressImage.options>')[0]?.message).toContain('compressedWidht')
    expect(failing('Read<typeof WX_MEDIA.chooseMedia.read>')[0]?.message).toContain('tempFilePth')
    expect(failing('Built<typeof MY_TRANSPORT.uploadFile.options>')[0]?.message).toContain('hideLoadng')
    expect(failing('Read<typeof MY_TRANSPORT.downloadFile.read>')[0]?.message).toContain('apFilePth')
    expect(failing('Read<typeof MY_MEDIA.getImageInfo.read>')[0]?.message).toMatch(
      /'type' are incompatible[\s\S]*'number' is not assignable to type 'string'/,
    )
    // Nothing else fails.
    expect(diagnostics.map((d) => `${d.line}  —  ${d.message}`)).toHaveLength(5)
  }, 120_000)
})
