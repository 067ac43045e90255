import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFetchTransport, createMiniProgramTransport, type MiniProgramGlobal, type Transport } from '../../src/lib'
import { createClock } from '../../src/lib/credentials'
import { platformProfile } from '../../src/lib/platform'
import { createRpcClient, type RpcSignatureVersion } from '../../src/lib/rpc'
import { rootKeys, start } from '../emulator/helpers'
import { createFakeGlobal, type Platform } from '../fakes/mini-program-globals'
import { RPC_SIGNERS } from '../support/rpc-signers'

/**
 * The signed RPC request our client builds, sent through every transport exactly as a phone or
 * Node would send it — including the content-type each HTTP client adds on its own (Node fetch
 * `text/plain;charset=UTF-8` for a string body, wx/my.request `application/json`, dd.httpRequest
 * `application/x-www-form-urlencoded`) — to the emulator, which refuses a V3 request whose sent
 * content-type is not in SignedHeaders, as Alibaba Cloud's V3 signature document requires.
 */
let emu: Awaited<ReturnType<typeof start>>
beforeAll(async () => {
  emu = await start()
})
afterAll(() => emu?.close())

const transports: Array<{ name: string; make: () => Transport }> = [
  { name: 'fetch (Node / H5)', make: () => createFetchTransport() },
  ...(['weapp', 'alipay', 'dd'] as Platform[]).map((p) => ({
    name: `${p} raw global`,
    make: () => createMiniProgramTransport(createFakeGlobal(p).api as unknown as MiniProgramGlobal, platformProfile(p)),
  })),
]

describe.each(transports)('signed RPC through $name', ({ make }) => {
  it.each(['v3', 'v1'] as RpcSignatureVersion[])(
    '%s: the emulator accepts the request as sent (content-type signed)',
    async (signatureVersion) => {
      const keys = rootKeys(emu)
      // Root keys carry no token; an empty one is left out of the request.
      const root = {
        accessKeyId: keys.accessKeyId,
        accessKeySecret: keys.accessKeySecret,
        securityToken: '',
        expiration: new Date(Date.now() + 3600e3),
      }
      const client = createRpcClient({
        transport: make(),
        credentials: Object.assign(async () => root, { refresh: async () => root }),
        clock: createClock(),
        rpcSigner: RPC_SIGNERS[signatureVersion],
      })
      const body = await client.call({
        endpoint: emu.url,
        action: 'AssumeRole',
        version: '2015-04-01',
        params: { RoleArn: emu.options.roleArn, RoleSessionName: 'transport-check', DurationSeconds: '900' },
      })
      expect((body as { Credentials?: { SecurityToken?: string } }).Credentials?.SecurityToken).toMatch(/^CAIS/)
    },
  )
})
