// An operation that declares `regionFallback` gets it everywhere without another edit: the kit
// tries its regions in turn when one has an outage, each with its own params, and the allow-list
// names every region's host. (Content moderation is the one such operation today; the declaration
// here is a test's own, on machine translation, which answers the same API in several regions.)
import { describe, expect, it } from 'vitest'
import { allowList } from '../../scripts/cli/allow-list'
import { loadConfig } from '../../server/config'
import { createViapiKit, type Operation, type StsGrant } from '../../src/lib'
import { createScriptedTransport } from '../fakes/scripted-transport'

const SHANGHAI = 'https://mt.cn-shanghai.aliyuncs.com'
const BEIJING = 'https://mt.cn-beijing.aliyuncs.com'

const translate: Operation<{ text: string }, { translated: string }> = {
  product: 'alimt',
  cloudEndpoint: SHANGHAI,
  action: 'TranslateGeneral',
  version: '2018-10-12',
  ramAction: 'alimt:TranslateGeneral',
  regionFallback: {
    endpoints: (primary) => [primary ?? SHANGHAI, BEIJING].filter((e, i, all) => all.indexOf(e) === i),
    params: (endpoint, params) => ({ ...params, RegionId: /mt\.([a-z0-9-]+)\./.exec(endpoint)?.[1] ?? 'cn-shanghai' }),
  },
  toParams: ({ text }) => ({ SourceText: text, SourceLanguage: 'zh', TargetLanguage: 'en', FormatType: 'text' }),
  parseResult: (body) => ({ translated: String((body.Data as { Translated?: string } | undefined)?.Translated ?? '') }),
}

const grant: StsGrant = {
  credentials: { accessKeyId: 'STS.id', accessKeySecret: 'secret', securityToken: 'token', expiration: new Date(Date.now() + 3_600_000) },
  oss: {
    bucket: 'card-photos',
    region: 'cn-shanghai',
    host: 'https://card-photos.oss-cn-shanghai.aliyuncs.com',
    keyPrefix: 'uploads/wx_alice/',
    maxBytes: 3 << 20,
    signatureVersion: 'v4',
  },
  endpoints: { alimt: SHANGHAI },
  serverTime: new Date(),
}

describe('an operation that declares regionFallback', () => {
  it('is sent to the next region when the first has an outage, with that region’s params, one attempt each', async () => {
    const { transport, nextRequest } = createScriptedTransport()
    const kit = createViapiKit({ transport, grants: async () => grant, sleep: async () => {} })
    const result = kit.call(translate, { text: '你好' })
    const first = await nextRequest()
    const firstUrl = new URL((first.req as { url: string }).url)
    expect([firstUrl.origin, firstUrl.searchParams.get('RegionId')]).toEqual([SHANGHAI, 'cn-shanghai'])
    first.respond({
      status: 503,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Code: 'ServiceUnavailable', Message: 'busy', RequestId: 'r1' }),
    })
    const second = await nextRequest()
    const secondUrl = new URL((second.req as { url: string }).url)
    expect([secondUrl.origin, secondUrl.searchParams.get('RegionId')]).toEqual([BEIJING, 'cn-beijing'])
    second.respond({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ RequestId: 'r2', Data: { Translated: 'hello' } }),
    })
    await expect(result).resolves.toEqual({ translated: 'hello' })
  })

  it('puts every region’s host on the allow-list', () => {
    const config = loadConfig({ APP_MODE: 'emulator' })
    const list = allowList({ ...config, endpoints: { ...config.endpoints, alimt: SHANGHAI } }, {}, [translate])
    expect(list.request).toEqual(expect.arrayContaining([SHANGHAI, BEIJING]))
  })
})
