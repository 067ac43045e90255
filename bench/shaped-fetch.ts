import { request } from 'node:http'
import { connect } from 'node:net'

/**
 * A `fetch` for the benchmark whose connections go through shaped links: `viaPort(targetPort)`
 * names the link's port for a server, or undefined to connect directly. URLs and Host headers stay
 * the real ones (signatures and object URLs are unchanged); every request opens a new connection,
 * as a phone does towards each new host (the backend, the OSS bucket host, the API endpoint).
 */
export function shapedFetch(viaPort: (targetPort: number) => number | undefined): typeof fetch {
  return async (input, init) => {
    const req = new Request(input, init)
    const url = new URL(req.url)
    const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined
    const headers: Record<string, string> = {}
    req.headers.forEach((v, k) => (headers[k] = v))
    if (body) headers['content-length'] = String(body.length)
    const target = Number(url.port || 80)
    const port = viaPort(target) ?? target
    return new Promise<Response>((resolve, reject) => {
      const r = request(url, { method: req.method, headers, createConnection: () => connect(port, '127.0.0.1') }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', reject)
        res.on('end', () => {
          const out = new Headers()
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v)
          const status = res.statusCode ?? 0
          resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers: out }))
        })
      })
      r.on('error', reject)
      init?.signal?.addEventListener('abort', () => r.destroy(new Error('aborted')))
      r.end(body)
    })
  }
}
