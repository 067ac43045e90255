import http from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  createFetchTransport,
  createViapiKit,
  fromBackend,
  fromBackendPolicies,
  serverSignedUploads,
  type ViapiKitOptions,
} from '../../src/lib'
import type { Stack } from '../../scripts/stack'

/** Logs a user in through the emulator's h5 dev login and returns its session token. */
export async function newSession(stack: Stack, user: string): Promise<{ token: string; userId: string }> {
  const code = stack.emulator!.mintLoginCode('h5', user)
  const res = await fetch(`${stack.backendUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ platform: 'h5', code }),
  })
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`)
  return (await res.json()) as { token: string; userId: string }
}

/** A kit for one user over the fetch transport; `server-signed` fetches upload forms from /api/oss-policy. */
export function kitFor(stack: Stack, user: string, extra: Partial<ViapiKitOptions> & { serverSigned?: boolean } = {}) {
  const transport = extra.transport ?? createFetchTransport()
  let session: Promise<{ token: string }> | undefined
  const getSessionToken = async (renew: boolean) => {
    if (renew || !session) session = newSession(stack, user)
    return (await session).token
  }
  const { serverSigned, ...rest } = extra
  return createViapiKit({
    transport,
    grants: fromBackend({ transport, backendUrl: stack.backendUrl, getSessionToken }),
    ...(serverSigned
      ? { uploadMode: serverSignedUploads(fromBackendPolicies({ transport, backendUrl: stack.backendUrl, getSessionToken })) }
      : {}),
    ...rest,
  })
}

/** A web server outside OSS serving `files` by path, counting requests. */
export async function startImageHost(files: Record<string, { body: Buffer; type: string }>) {
  let hits = 0
  const server = http.createServer((req, res) => {
    hits++
    const f = files[(req.url ?? '').split('?')[0]]
    if (!f) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, { 'content-type': f.type, 'content-length': f.body.length }).end(f.body)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
