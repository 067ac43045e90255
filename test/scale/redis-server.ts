import { spawn, type ChildProcess } from 'node:child_process'
import { createConnection } from 'node:net'

/**
 * A throwaway `redis-server` for tests: loopback only, a port in 39000–39999, no persistence
 * (`--save '' --appendonly no`), killed by `stop()`. CI needs the Debian package `redis-server`.
 */
export interface TestRedis {
  url: string
  port: number
  stop(): Promise<void>
  /** Starts it again on the same port after `stop()` (empty: no persistence), as a restarted Redis. */
  restart(): Promise<void>
  /** SIGSTOP / SIGCONT: a Redis that keeps its connections open but answers nothing (a hung host). */
  pause(): void
  resume(): void
}

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server'

export async function startRedis(): Promise<TestRedis> {
  let lastError: unknown
  for (let attempt = 0; attempt < 8; attempt++) {
    const port = 39000 + Math.floor(Math.random() * 1000)
    try {
      return handle(port, await spawnOn(port))
    } catch (err) {
      lastError = err
    }
  }
  throw new Error(`could not start ${REDIS_SERVER}: ${String(lastError)}`)
}

function handle(port: number, first: ChildProcess): TestRedis {
  let child = first
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => stop(child),
    async restart() {
      await stop(child)
      child = await spawnOn(port)
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
  }
}

/** A redis-server on `port`, answering PING; killed again if it does not come up. */
async function spawnOn(port: number): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  try {
    await waitForPing(port, child)
    return child
  } catch (err) {
    await stop(child)
    throw err
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
    // A paused server handles SIGTERM only once continued.
    child.kill('SIGCONT')
  })
}

async function waitForPing(port: number, child: ChildProcess): Promise<void> {
  let exited = false
  child.once('exit', () => (exited = true))
  for (let i = 0; i < 100; i++) {
    if (exited) throw new Error('redis-server exited (port taken?)')
    if (await ping(port)) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('redis-server did not answer PING')
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    socket.once('error', () => resolve(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (d) => {
      socket.destroy()
      resolve(d.toString().startsWith('+PONG'))
    })
  })
}
