import { createServer, connect, type Socket } from 'node:net'

/** A phone's link: uplink and downlink rate in bit/s, round-trip time in ms. */
export interface LinkShape {
  upBps: number
  downBps: number
  rttMs: number
}

export interface ShapedLink {
  /** Loopback port to connect to instead of the target. */
  port: number
  /** Bytes carried so far, phone → server and server → phone. */
  bytes(): { up: number; down: number }
  close(): Promise<void>
}

/** Largest piece serialized at once: ~MSS-sized steps keep delivery smooth at 2 Mbit/s. */
const PIECE = 4 * 1024

/**
 * One direction of the link: a queue that serializes bytes at `bps` (no two pieces on the wire at
 * once), never before `readyAt`, and delivers each piece `delayMs` after it has left.
 */
function direction(out: Socket, bps: number, delayMs: number, readyAt: number, onEnd: () => void) {
  let freeAt = 0
  let pending = 0
  let ended = false
  const deliver = (piece: Buffer) => {
    if (!out.destroyed) out.write(piece)
    if (--pending === 0 && ended) onEnd()
  }
  return {
    push(chunk: Buffer) {
      for (let i = 0; i < chunk.length; i += PIECE) {
        const piece = chunk.subarray(i, i + PIECE)
        const start = Math.max(performance.now(), freeAt, readyAt)
        freeAt = start + (piece.length * 8 * 1000) / bps
        pending++
        setTimeout(deliver, freeAt + delayMs - performance.now(), piece)
      }
    },
    end() {
      ended = true
      if (pending === 0) onEnd()
    },
  }
}

/**
 * A TCP proxy on loopback that behaves like a phone's link to `target` (benchmark only): each
 * direction is serialized at its rate and delayed by half the RTT, and a new connection carries no
 * data before one RTT has passed (the TCP handshake). Not modelled: slow start, loss, TLS.
 */
export function startShapedLink(target: { host: string; port: number }, shape: LinkShape): Promise<ShapedLink> {
  const totals = { up: 0, down: 0 }
  const sockets = new Set<Socket>()
  const server = createServer((phone) => {
    const acceptedAt = performance.now()
    const upstream = connect(target.port, target.host)
    sockets.add(phone).add(upstream)
    const up = direction(upstream, shape.upBps, shape.rttMs / 2, acceptedAt + shape.rttMs, () => upstream.end())
    const down = direction(phone, shape.downBps, shape.rttMs / 2, 0, () => phone.end())
    phone.on('data', (d: Buffer) => {
      totals.up += d.length
      up.push(d)
    })
    upstream.on('data', (d: Buffer) => {
      totals.down += d.length
      down.push(d)
    })
    phone.on('end', () => up.end())
    upstream.on('end', () => down.end())
    const drop = () => {
      phone.destroy()
      upstream.destroy()
      sockets.delete(phone)
      sockets.delete(upstream)
    }
    phone.on('error', drop).on('close', () => sockets.delete(phone))
    upstream.on('error', drop).on('close', () => sockets.delete(upstream))
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      resolve({
        port,
        bytes: () => ({ ...totals }),
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}
