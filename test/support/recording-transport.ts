// No test framework here: bench/ imports this too.
import type { Transport } from '../../src/lib'
import type { HttpRequest, HttpResponse, UploadRequest } from '../../src/lib/transport'

/** One request as it left a recording transport, and how it ended. */
export interface Sent {
  kind: 'backend' | 'rpc' | 'upload'
  url: string
  /** The STS security token the request was signed with (none for backend calls). */
  token?: string
  nonce?: string
  timestamp?: string
  /** x-oss-date / policy of an upload. */
  ossDate?: string
  policy?: string
  key?: string
  body?: string
  status?: number
  error?: string
}

function rpcSigning(req: HttpRequest): Pick<Sent, 'token' | 'nonce' | 'timestamp'> {
  const h = req.headers ?? {}
  if (h['x-acs-signature-nonce']) return { token: h['x-acs-security-token'], nonce: h['x-acs-signature-nonce'], timestamp: h['x-acs-date'] }
  const form = Object.fromEntries(new URLSearchParams(req.body ?? ''))
  return { token: form.SecurityToken, nonce: form.SignatureNonce, timestamp: form.Timestamp }
}

export interface Recorder {
  transport: Transport
  sent: Sent[]
  /** Runs after every upload that got an HTTP answer or failed (before the kit sees the outcome). */
  afterUpload?: (req: UploadRequest, outcome: HttpResponse | Error) => void | Promise<void>
  /** Runs before every request leaves (tokens in use are checked here). */
  beforeSend?: (sent: Sent) => void
}

/**
 * A transport over `inner` that records what every request was signed with and how it ended (the
 * fault tests and the chaos run read `sent`), with hooks before each request and after each upload.
 */
export function recordingTransport(inner: Transport): Recorder {
  const rec: Recorder = {
    sent: [],
    transport: {
      platform: inner.platform,
      async request(req) {
        const kind = req.url.includes('/api/') ? 'backend' : 'rpc'
        const entry: Sent = { kind, url: req.url.split('?')[0], body: req.body, ...(kind === 'rpc' ? rpcSigning(req) : {}) }
        rec.beforeSend?.(entry)
        rec.sent.push(entry)
        try {
          const res = await inner.request(req)
          entry.status = res.status
          return res
        } catch (err) {
          entry.error = (err as { code?: string }).code ?? (err as Error).name
          throw err
        }
      },
      async uploadFile(req) {
        const f = req.formData
        const entry: Sent = {
          kind: 'upload',
          url: req.url,
          token: f['x-oss-security-token'],
          ossDate: f['x-oss-date'],
          policy: f.policy,
          key: f.key,
        }
        rec.beforeSend?.(entry)
        rec.sent.push(entry)
        try {
          const res = await inner.uploadFile(req)
          entry.status = res.status
          await rec.afterUpload?.(req, res)
          return res
        } catch (err) {
          entry.error = (err as { code?: string }).code ?? (err as Error).name
          await rec.afterUpload?.(req, err as Error)
          throw err
        }
      },
    },
  }
  return rec
}
