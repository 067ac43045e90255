import { KitError, type Phase } from '../../src/lib'

/** A one-line progress indicator on stderr, only when stderr is a terminal (never in pipes or --json). */
export function progressLine(stream: NodeJS.WriteStream = process.stderr) {
  const on = stream.isTTY === true
  let last = ''
  return {
    update(u: { phase: Phase; percent: number }) {
      if (!on) return
      const text = u.phase === 'uploading' ? `uploading ${u.percent}%` : u.phase
      if (text === last) return
      last = text
      stream.write(`\r\x1b[2K${text}`)
    },
    done() {
      if (on && last) stream.write('\r\x1b[2K')
    },
  }
}

export interface ErrorReport {
  code: string
  message: string
  hint: string
  requestId?: string
}

/** Any failure as code / message / hint; unknown errors get a generic hint rather than a stack. */
export function describeError(err: unknown): ErrorReport {
  if (err instanceof KitError) {
    const requestId = (err as { requestId?: string }).requestId
    return { code: err.code, message: err.message, hint: err.hint, ...(requestId ? { requestId } : {}) }
  }
  const message = err instanceof Error ? err.message : String(err)
  return { code: 'Unexpected', message, hint: 'This looks like a bug; run again with the same input and report the message.' }
}

export function formatError(e: ErrorReport): string {
  return `error ${e.code}: ${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ''}`
}

/** `Label: value` lines for a human reader. */
export function formatFields(fields: Array<[string, string | undefined]>): string {
  const width = Math.max(...fields.map(([k]) => k.length))
  return (
    fields
      .filter((field): field is [string, string] => field[1] !== undefined && field[1] !== '')
      .map(([k, v]) => `${k.padEnd(width)}  ${v}`)
      .join('\n') + '\n'
  )
}
