// One JSON line per request. Only method, path (never the query string: it carries Signature,
// SecurityToken, access_token, js_code…), service, action, status and error code are logged.
export interface LogEntry {
  reqId: string
  method: string
  path: string
  service?: string
  action?: string
  status: number
  code?: string
  ms: number
}

export type Logger = (entry: LogEntry | { event: string; [k: string]: unknown }) => void

export function createLogger(sink: ((line: string) => void) | undefined, quiet: boolean): Logger {
  if (quiet && !sink) return () => undefined
  const out = sink ?? ((line: string) => process.stdout.write(`${line}\n`))
  return (entry) => out(JSON.stringify({ t: new Date().toISOString(), src: 'emulator', ...entry }))
}
