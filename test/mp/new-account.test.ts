import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ImageUrlRoute } from '../../src/lib/credentials'
import type { MiniProgramHost } from '../mp-host/host'
import { expectClean, launch, openService, PLATFORMS, setUpSuite, type Suite } from './harness'

/**
 * The built programs on an account opened today (docs/real-cloud.md): the emulator refuses the
 * bucket's default endpoint (PublicEndpointForbidden), the backend hands out the bound domain, and
 * the vision API reads the photo only by the route's rules. Both flows, every platform, each route;
 * the host enforces the allow-lists `npm run domains` prints for that configuration.
 */
const ROUTES: ImageUrlRoute[] = ['signed-url', 'viapi-temp-bucket', 'plain-url']

describe.each(ROUTES)('new account with a bound domain, %s route', (route) => {
  // viapi-temp-bucket: the app does not link it, and says so before any upload.
  let suite: Suite
  let host: MiniProgramHost | undefined
  beforeAll(async () => {
    suite = await setUpSuite(undefined, {
      backendEnv: { VIAPI_IMAGE_URL_ROUTE: route },
      emulator: { newAccount: true, sameAccountRead: route === 'plain-url' },
      boundDomain: true,
    })
  }, 600_000)
  afterAll(() => suite?.stack.close())
  afterEach(() => {
    host?.close()
    host = undefined
  })

  it.each(PLATFORMS)('%s: bank card and segmentation reach their results', async (platform) => {
    const uploadHost = '/bound/viapi-kit-dev'
    host = await launch(suite, platform, `new-${route}-${platform}`)
    await openService(host, suite, 'go-bank-card')
    host.tap('choose-photo')
    if (route === 'viapi-temp-bucket') {
      // The template app leaves the temporary bucket out (the vendor: not for production); the CLI
      // and the core's integration tests run this route.
      await host.waitForElement('error-notice', 20_000)
      expect(host.text('error-detail')).toMatch(/ImageUrlRouteNotLinked/)
      expect(host.callsOf('uploadFile')).toHaveLength(0)
      expectClean(host)
      return
    }
    await host.waitForElement('card-number', 20_000)
    expect(host.text('card-number')).toMatch(/^\d{4} \*{4} \*{4} \d{4}$/)
    expect(host.callsOf('uploadFile')[0].options.url).toContain(uploadHost)
    expectClean(host)
    host.close()

    host = await launch(suite, platform, `new-${route}-${platform}-seg`)
    await openService(host, suite, 'go-segment')
    host.tap('choose-photo')
    await host.waitForElement('cutout', 20_000)
    expect(host.callsOf('uploadFile')[0].options.url).toContain(uploadHost)
    expectClean(host)
  })
})
