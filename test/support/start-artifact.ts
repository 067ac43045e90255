import { spawn, type ChildProcess } from 'node:child_process'

/** A backend process started from the built artifact, as a container or Function Compute starts it. */
export interface RunningArtifact {
  /** The address from its "listening on" line, e.g. http://0.0.0.0:9000. */
  listeningOn: string
  /** Everything it wrote, for failure messages. */
  output(): string
  /** SIGTERM, then its exit code (the backend closes cleanly on SIGTERM: 0). */
  stop(): Promise<number | null>
}

export interface StartArtifactOptions {
  /** The executable and its arguments, e.g. ['/path/to/node', 'main.cjs']. */
  command: string[]
  cwd: string
  /** The whole environment: nothing is inherited from the test process. */
  env: Record<string, string>
  timeoutMs?: number
}

/** Starts the command and resolves once the backend prints where it listens; rejects if it exits first. */
export function startArtifact(options: StartArtifactOptions): Promise<RunningArtifact> {
  const [file, ...args] = options.command
  // ProcessEnv is augmented with TARO_ENV for the app; a child backend has no use for it.
  const child = spawn(file, args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the artifact did not print "listening on" within ${options.timeoutMs ?? 20_000} ms:\n${output}`))
    }, options.timeoutMs ?? 20_000)
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (!match) return
      clearTimeout(timer)
      child.stdout.off('data', onData)
      resolve({ listeningOn: match[1], output: () => output, stop: () => stop(child) })
    }
    child.stdout.on('data', onData)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`the artifact exited (code ${code}, signal ${signal}) before listening:\n${output}`))
    })
  })
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code))
    child.kill('SIGTERM')
  })
}

/** h5 dev login at the emulator, then POST /api/sts with the session: what the app does first. */
export async function loginThenSts(backendUrl: string, h5Code: string): Promise<{ userId: string; sts: Record<string, unknown> }> {
  const login = await fetch(`${backendUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ platform: 'h5', code: h5Code }),
  })
  const session = (await login.json()) as { token?: string; userId?: string }
  if (login.status !== 200 || !session.token || !session.userId)
    throw new Error(`login answered ${login.status}: ${JSON.stringify(session)}`)
  const sts = await fetch(`${backendUrl}/api/sts`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` } })
  const body = (await sts.json()) as Record<string, unknown>
  if (sts.status !== 200) throw new Error(`/api/sts answered ${sts.status}: ${JSON.stringify(body)}`)
  return { userId: session.userId, sts: body }
}
