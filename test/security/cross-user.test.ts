import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StsGrant } from '../../src/lib'
import { buildPostObjectForm } from '../../src/lib/oss'
import { parseGrant } from '../../src/lib/credentials/parse-grant'
import type { Stack } from '../../scripts/stack'
import { assumeRole, rpcV1, signedGetUrl } from '../emulator/helpers'
import { makeCardPhoto } from '../support/images'
import { loginToken, startReliabilityStack } from '../reliability/harness'

// What a user (or a thief holding that user's STS token) can and cannot do with real STS
// credentials issued by the backend, checked by the emulator's RAM enforcement.
let stack: Stack
let photo: Buffer
let alice: StsGrant
let bob: StsGrant

async function grantFor(user: string): Promise<StsGrant> {
  const token = await loginToken(stack, user)
  const res = await fetch(`${stack.backendUrl}/api/sts`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
  expect(res.status).toBe(200)
  return parseGrant(await res.json())
}

async function post(as: StsGrant, key: string, body: Buffer = photo) {
  const fields = buildPostObjectForm({
    credentials: as.credentials,
    bucket: as.oss.bucket,
    region: as.oss.region,
    key,
    contentType: 'image/jpeg',
    maxBytes: as.oss.maxBytes,
    now: Date.now(),
  })
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  form.append('file', new Blob([new Uint8Array(body)], { type: 'image/jpeg' }), 'p.jpg')
  const res = await fetch(as.oss.host, { method: 'POST', body: form })
  const text = await res.text()
  return { status: res.status, code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1] }
}

const keysOf = (g: StsGrant) => ({
  accessKeyId: g.credentials.accessKeyId,
  accessKeySecret: g.credentials.accessKeySecret,
  securityToken: g.credentials.securityToken,
})

beforeAll(async () => {
  stack = await startReliabilityStack()
  photo = await makeCardPhoto()
  alice = await grantFor('alice')
  bob = await grantFor('bob')
})
afterAll(() => stack?.close())

describe('one user cannot touch another user’s objects (real STS credentials, emulator RAM)', () => {
  it('each user gets their own prefix and their own key pair', () => {
    expect(alice.oss.keyPrefix).toBe('uploads/h5_alice/')
    expect(bob.oss.keyPrefix).toBe('uploads/h5_bob/')
    expect(alice.credentials.accessKeyId).not.toBe(bob.credentials.accessKeyId)
  })

  it('PostObject into the other user’s prefix → 403 AccessDenied, and nothing is written', async () => {
    expect(await post(bob, `${bob.oss.keyPrefix}mine.jpg`)).toEqual({ status: 200, code: undefined })
    const attack = await post(alice, `${bob.oss.keyPrefix}mine.jpg`, Buffer.from([0xff, 0xd8, 0xff, 0x00]))
    expect(attack).toEqual({ status: 403, code: 'AccessDenied' })
    const stored = stack.emulator!.state.objects.get(alice.oss.bucket, `${bob.oss.keyPrefix}mine.jpg`, Date.now())!
    expect(stored.body.length).toBe(photo.length) // Bob's object is untouched
  })

  it('PostObject outside one’s prefix → 403 AccessDenied; a "../" key stays a literal key in one’s own prefix', async () => {
    expect((await post(alice, 'root.jpg')).code).toBe('AccessDenied')
    expect((await post(alice, 'uploads/h5_bob/x.jpg')).code).toBe('AccessDenied')
    // OSS keys are flat strings, not paths: "../" is not resolved, so this cannot reach Bob's prefix.
    const sneaky = `${alice.oss.keyPrefix}../h5_bob/mine.jpg`
    expect((await post(alice, sneaky, Buffer.from([0xff, 0xd8, 0xff, 0x01]))).status).toBe(200)
    const objects = stack.emulator!.state.objects
    expect(objects.get(alice.oss.bucket, sneaky, Date.now())!.body.length).toBe(4)
    expect(objects.get(alice.oss.bucket, `${bob.oss.keyPrefix}mine.jpg`, Date.now())!.body.length).toBe(photo.length)
  })

  it('GetObject of the other user’s key signed with one’s own STS credentials → refused', async () => {
    const url = signedGetUrl(stack.emulator!, keysOf(alice), bob.oss.bucket, `${bob.oss.keyPrefix}mine.jpg`)
    const res = await fetch(url)
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('<Code>AccessDenied</Code>')
    // Anonymous reads are refused too: the bucket is private.
    expect((await fetch(`${stack.emulatorUrl}/oss/${bob.oss.bucket}/${bob.oss.keyPrefix}mine.jpg`)).status).toBe(403)
  })

  it('a stolen STS token cannot mint more credentials (AssumeRole) nor call actions outside the session policy', async () => {
    const r = await rpcV1(stack.emulator!, {
      action: 'AssumeRole',
      keys: keysOf(alice),
      params: { RoleArn: stack.emulator!.options.roleArn, RoleSessionName: 'thief' },
    })
    expect(r.status).toBeGreaterThanOrEqual(400)
    const viapiTemp = await rpcV1(stack.emulator!, { action: 'GetOssStsToken', keys: keysOf(alice) })
    expect(viapiTemp.status).toBeGreaterThanOrEqual(400)
  })

  it('a stolen STS token lives at most STS_DURATION_SECONDS (15 min by default)', () => {
    const lifetime = alice.credentials.expiration.getTime() - alice.serverTime.getTime()
    expect(lifetime).toBeGreaterThan(0)
    expect(lifetime).toBeLessThanOrEqual(900_000)
  })

  it('naming someone else’s AccessKeyId as stale changes nothing: the caller still gets only their own prefix', async () => {
    const token = await loginToken(stack, 'alice')
    const before = stack.emulator!.counters().sts
    const res = await fetch(`${stack.backendUrl}/api/sts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ staleAccessKeyId: bob.credentials.accessKeyId }),
    })
    const g = parseGrant(await res.json())
    expect(g.oss.keyPrefix).toBe('uploads/h5_alice/')
    expect(g.credentials.accessKeyId).toBe(alice.credentials.accessKeyId)
    expect(stack.emulator!.counters().sts).toBe(before) // served from the cache, no new AssumeRole
  })
})

// Reference: the emulator's own checks of the same rules with hand-signed requests are in
// test/emulator/oss.test.ts ("refuses a key the token policy does not allow (another user prefix)…")
// and test/emulator/sts-actions.test.ts ("an STS key cannot call AssumeRole").
void assumeRole
