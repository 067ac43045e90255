import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The small load balancer in front of the backends for the fault-under-load run: round robin over
 * the instances whose /readyz answers 200 (polled every `healthEveryMs`), all of them when none
 * does (fail open, as most balancers do when every target is unhealthy); a request whose
 * connection is refused goes to the next instance (it never reached one, so even a login is safe
 * to resend). Bodies are small JSON, so each is buffered before it is forwarded.
 */
export interface RoundRobinProxy {
  url: string
  /** Requests forwarded to each upstream, in the order given. */
  forwarded: number[]
  /** When each upstream last got a request (epoch ms). */
  lastForwardAt: number[]
  close(): Promise<void>
}

export async function startRoundRobinProxy(upstreams: string[], healthEveryMs = 200): Promise<RoundRobinProxy> {
  const ready = upstreams.map(() => true)
  const forwarded = upstreams.map(() => 0)
  const lastForwardAt = upstreams.map(() => 0)
  // No keep-alive to the upstreams: a closing instance must refuse, not reset a reused socket.
  const agent = new Agent({ keepAlive: false })
  let turn = 0
  const order = (): number[] => {
    const healthy = upstreams.map((_, i) => i).filter((i) => ready[i])
    const pool = healthy.length > 0 ? healthy : upstreams.map((_, i) => i)
    const start = turn++ % pool.length
    return [...pool.slice(start), ...pool.slice(0, start), ...upstreams.map((_, i) => i).filter((i) => !pool.includes(i))]
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => forward(req, res, Buffer.concat(chunks), order()))
  })
  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer, tries: number[]): void {
    const [index, ...rest] = tries
    if (index === undefined) {
      res
        .writeHead(502, { 'content-type': 'application/json' })
        .end('{"code":"BadGateway","message":"No backend instance accepted the connection"}')
      return
    }
    const target = new URL(req.url ?? '/', upstreams[index])
    lastForwardAt[index] = Date.now()
    const out = request(target, { method: req.method, headers: { ...req.headers, host: target.host }, agent }, (answer) => {
      forwarded[index]++
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    out.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') return forward(req, res, body, rest)
      if (!res.headersSent)
        res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'BadGateway', message: err.message }))
    })
    out.end(body)
  }
  const poll = setInterval(() => {
    upstreams.forEach((u, i) => {
      fetch(`${u}/readyz`, { signal: AbortSignal.timeout(500) }).then(
        (r) => {
          ready[i] = r.status === 200
          return r.body?.cancel()
        },
        () => {
          ready[i] = false
        },
      )
    })
  }, healthEveryMs)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded,
    lastForwardAt,
    async close() {
      clearInterval(poll)
      await new Promise<void>((resolve) => server.close(() => resolve()))
      agent.destroy()
    },
  }
}
