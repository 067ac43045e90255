import busboy from 'busboy'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request as the server saw it on the wire. */
export interface RecordedRequest {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: Buffer
  /** For multipart: every part in wire order. */
  parts?: Array<{ name: string; value?: string; filename?: string; mimeType?: string; data?: Buffer }>
}

/**
 * A tiny HTTP server for transport conformance tests: records every request (multipart parsed
 * in order) and answers per path: `/json` JSON, `/status/<n>` that status, `/slow` never in time,
 * `/upload` 200 with a summary.
 */
export async function startRecordServer() {
  const requests: RecordedRequest[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    const record: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.alloc(0) }
    requests.push(record)
    const path = (req.url ?? '').split('?')[0]
    if (path === '/slow') {
      // Never answers; the client must time out or abort.
      return
    }
    const contentType = req.headers['content-type'] ?? ''
    if (contentType.startsWith('multipart/form-data')) {
      record.parts = []
      const bb = busboy({ headers: req.headers, preservePath: true })
      bb.on('field', (name, value) => record.parts!.push({ name, value }))
      bb.on('file', (name, stream, info) => {
        const data: Buffer[] = []
        stream.on('data', (d: Buffer) => data.push(d))
        stream.on('end', () => record.parts!.push({ name, filename: info.filename, mimeType: info.mimeType, data: Buffer.concat(data) }))
      })
      bb.on('close', () => respond())
      req.pipe(bb)
      return
    }
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      record.body = Buffer.concat(chunks)
      respond()
    })

    function respond() {
      const status = path.startsWith('/status/') ? Number(path.slice(8)) : 200
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'X-Echo-Method': record.method,
        'X-Request-Id': 'rid-' + requests.length,
      })
      res.end(JSON.stringify({ ok: status < 400, path, method: record.method, parts: record.parts?.map((p) => p.name) }))
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    last: () => requests[requests.length - 1],
    // Requests left hanging on purpose (timeout tests; a dd client has no timeout of its own) are cut.
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r())
        server.closeAllConnections()
      }),
  }
}
