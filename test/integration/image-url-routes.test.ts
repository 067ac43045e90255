import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  CredentialsError,
  ServiceError,
  viapiTempBucketRoute,
  recognizeBankCardOperation,
  segmentCommonImageOperation,
} from '../../src/lib'
import type { ImageUrlRoute } from '../../src/lib/credentials'
import { startStack, type Stack } from '../../scripts/stack'
import { kitFor } from '../ops/helpers'
import { makeCardPhoto } from '../support/images'

/**
 * Each image-URL route, login → STS → upload → vision call through backend + emulator, on an
 * account opened before 2025-03-20 and on a new one (default endpoint forbidden, bound domain).
 * The emulator reads an uploaded photo only as the route's rules allow (docs/real-cloud.md).
 */
let photo: Buffer
let stack: Stack | undefined
beforeAll(async () => {
  photo = await makeCardPhoto()
})
afterEach(async () => {
  await stack?.close()
  stack = undefined
})

async function start(route: ImageUrlRoute, account: 'existing' | 'new', extra: { sameAccountRead?: boolean; boundDomain?: boolean } = {}) {
  stack = await startStack({
    emulatorPort: 0,
    backendPort: 0,
    backendEnv: { VIAPI_IMAGE_URL_ROUTE: route },
    emulator: { newAccount: account === 'new', sameAccountRead: extra.sameAccountRead ?? false },
    boundDomain: extra.boundDomain ?? account === 'new',
  })
  return stack
}

const photoInput = () => ({ path: new Uint8Array(photo), contentType: 'image/jpeg' })

const CASES: Array<[ImageUrlRoute, 'existing' | 'new', { sameAccountRead?: boolean }]> = [
  ['signed-url', 'existing', {}],
  ['signed-url', 'new', {}],
  ['viapi-temp-bucket', 'existing', {}],
  ['viapi-temp-bucket', 'new', {}],
  ['plain-url', 'existing', { sameAccountRead: true }],
  ['plain-url', 'new', { sameAccountRead: true }],
]

describe.each(CASES)('route %s on an %s account', (route, account, extra) => {
  it('recognizes a bank card and segments a photo', async () => {
    const s = await start(route, account, extra)
    const kit = kitFor(s, `route-${route}-${account}`, { viapiTempBucketRoute })
    const card = await kit.recognize(recognizeBankCardOperation, photoInput())
    expect(card.cardNumber).toMatch(/^\d{12,19}$/)
    const cut = await kit.recognize(segmentCommonImageOperation, photoInput())
    expect(cut.imageUrl).toContain('/results/')
    const bucket = route === 'viapi-temp-bucket' ? 'viapi-customer-temp' : 'viapi-kit-dev'
    expect(card.object?.bucket).toBe(bucket)
    expect(s.emulator!.state.objects.get(bucket, card.object!.key, Date.now())).toBeDefined()
    if (route === 'viapi-temp-bucket') {
      // GetOssStsToken keys may only write under their own AccessKeyId.
      expect(card.object!.key.split('/')[0]).not.toBe('uploads')
    }
  })
})

describe('refusals that name their fix', () => {
  it('a new account without a bound domain: the upload fails with PublicEndpointForbidden and a hint to bind one', async () => {
    const s = await start('signed-url', 'new', { boundDomain: false })
    const err = await kitFor(s, 'no-domain')
      .recognize(recognizeBankCardOperation, photoInput())
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ServiceError)
    expect((err as ServiceError).code).toBe('PublicEndpointForbidden')
    expect((err as ServiceError).status).toBe(400)
    expect((err as ServiceError).hint).toMatch(/custom domain.*OSS_BUCKET_DOMAIN/)
    expect(s.emulator!.state.objects.count()).toBe(0)
  })

  it('an app that does not link the temp-bucket route refuses that grant before any upload, naming the fix', async () => {
    const s = await start('viapi-temp-bucket', 'existing')
    const err = await kitFor(s, 'unlinked')
      .recognize(recognizeBankCardOperation, photoInput())
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CredentialsError)
    expect((err as CredentialsError).code).toBe('ImageUrlRouteNotLinked')
    expect((err as CredentialsError).hint).toMatch(/viapiTempBucketRoute/)
    expect(s.emulator!.state.objects.count()).toBe(0)
  })

  it('the plain URL of a private object is not read unless same-account read is on', async () => {
    const s = await start('plain-url', 'existing')
    const err = await kitFor(s, 'plain')
      .recognize(recognizeBankCardOperation, photoInput())
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ServiceError)
    expect((err as ServiceError).code).toBe('InvalidImage.Download')
    expect((err as ServiceError).message).toMatch(/private/)
  })

  it("a new account's default-endpoint URL is not read by the API, even with same-account read", async () => {
    const s = await start('plain-url', 'new', { sameAccountRead: true })
    const kit = kitFor(s, 'signed-default')
    const { object } = await kit.recognize(recognizeBankCardOperation, photoInput())
    const url = `${s.emulatorUrl}/oss/viapi-kit-dev/${object!.key}`
    const err = await kit.recognize(recognizeBankCardOperation, url).catch((e: unknown) => e)
    expect((err as ServiceError).code).toBe('InvalidImage.Download')
    expect((err as ServiceError).message).toMatch(/PublicEndpointForbidden/)
  })
})
