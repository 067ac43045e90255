import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import {
  createFetchTransport,
  createViapiKit,
  fromBackend,
  InputError,
  CredentialsError,
  ossV1FormSigner,
  ServiceError,
  recognizeBankCardOperation,
  segmentCommonImageOperation,
} from '../../src/lib'
import { ossV4FormSigner, type PostFormSigner } from '../../src/lib/oss'
import type { RpcSignatureVersion } from '../../src/lib/rpc'
import { startStack, type Stack } from '../../scripts/stack'
import { makeCardPhoto } from '../support/images'
import { RPC_SIGNERS } from '../support/rpc-signers'

/**
 * The whole flow over real HTTP, in-process: login → /api/sts (official STS SDK → emulator) →
 * PostObject upload (fetch transport) → signed RPC call. The emulator verifies every signature
 * with node:crypto, independently of src/lib.
 */
let stack: Stack
let photo: Buffer

beforeAll(async () => {
  stack = await startStack({ emulatorPort: 0, backendPort: 0 })
  photo = await makeCardPhoto()
})
afterAll(() => stack?.close())

async function newSession(user: string) {
  const code = stack.emulator!.mintLoginCode('h5', user)
  const res = await fetch(`${stack.backendUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ platform: 'h5', code }),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as { token: string; userId: string }
}

/** The OSS signature version the kit's grants ask for, and the upload signers the kit links. */
interface OssSigning {
  grantVersion: 'v4' | 'v1'
  signers?: PostFormSigner[]
}

function kitFor(user: string, signatureVersion: RpcSignatureVersion = 'v3', oss: OssSigning = { grantVersion: 'v4' }) {
  const transport = createFetchTransport()
  let session: Promise<{ token: string }> | undefined
  const backend = fromBackend({
    transport,
    backendUrl: stack.backendUrl,
    getSessionToken: async (renew) => {
      if (renew || !session) session = newSession(user)
      return (await session).token
    },
  })
  return createViapiKit({
    transport,
    rpcSigner: RPC_SIGNERS[signatureVersion],
    ossFormSigners: oss.signers,
    // Our backend grants V4; a V1 grant (another backend's) is the same grant asking for V1.
    grants: async (stale) => {
      const g = await backend(stale)
      return { ...g, oss: { ...g.oss, signatureVersion: oss.grantVersion } }
    },
  })
}

describe('end to end through backend + emulator', () => {
  it.each(['v3', 'v1'] as const)(
    'RecognizeBankCard (%s RPC signature) returns an emulated card for the uploaded photo',
    async (version) => {
      const kit = kitFor(`card-${version}`, version)
      const phases: string[] = []
      const result = await kit.recognize(
        recognizeBankCardOperation,
        { path: new Uint8Array(photo), contentType: 'image/jpeg', size: photo.length },
        { onProgress: (u) => phases.push(u.phase) },
      )
      expect(result.cardNumber).toMatch(/^\d{16,19}$/)
      expect(result.bankName).not.toBe('')
      expect(['DC', 'CC']).toContain(result.cardType)
      expect(result.validDate).toMatch(/^\d{2}\/\d{2}$/)
      expect(result.emulated).toBe(true)
      expect(result.object!.key).toMatch(/^uploads\/h5_[^/]+\/\d{8}\//)
      expect(phases).toEqual(expect.arrayContaining(['credentials', 'uploading', 'analyzing', 'done']))
    },
  )

  const storedFor = (user: string) => stack.emulator!.state.objects.keys('viapi-kit-dev').filter((k) => k.includes(`h5_${user}/`))

  it('a grant asking for OSS V1 uploads when the kit links ossV1FormSigner (the emulator checks the V1 signature)', async () => {
    const kit = kitFor('oss-v1', 'v3', { grantVersion: 'v1', signers: [ossV4FormSigner, ossV1FormSigner] })
    const result = await kit.recognize(recognizeBankCardOperation, {
      path: new Uint8Array(photo),
      contentType: 'image/jpeg',
      size: photo.length,
    })
    expect(result.cardNumber).toMatch(/^\d{16,19}$/)
    expect(storedFor('oss-v1')).toEqual([result.object!.key])
  })

  it('a grant asking for OSS V1 without the V1 signer linked: a typed CredentialsError, nothing uploaded', async () => {
    const kit = kitFor('oss-v1-missing', 'v3', { grantVersion: 'v1' })
    const err = await kit
      .recognize(recognizeBankCardOperation, { path: new Uint8Array(photo), contentType: 'image/jpeg', size: photo.length })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CredentialsError)
    expect(err).toMatchObject({ code: 'OssSignerNotLinked', recovery: 'none' })
    expect((err as CredentialsError).hint).toContain('ossV1FormSigner')
    expect(storedFor('oss-v1-missing')).toEqual([])
  })

  it('the same photo gives the same card (deterministic emulator)', async () => {
    const kit = kitFor('det')
    const a = await kit.recognize(recognizeBankCardOperation, {
      path: new Uint8Array(photo),
      contentType: 'image/jpeg',
      size: photo.length,
    })
    const b = await kit.recognize(recognizeBankCardOperation, {
      path: new Uint8Array(photo),
      contentType: 'image/jpeg',
      size: photo.length,
    })
    expect(b.cardNumber).toBe(a.cardNumber)
    expect(b.object!.key).not.toBe(a.object!.key)
  })

  it('SegmentCommonImage returns a PNG with transparency', async () => {
    const kit = kitFor('seg')
    const result = await kit.recognize(segmentCommonImageOperation, {
      path: new Uint8Array(photo),
      contentType: 'image/jpeg',
      size: photo.length,
    })
    const png = Buffer.from(await (await fetch(result.imageUrl)).arrayBuffer())
    const meta = await sharp(png).metadata()
    expect(meta.format).toBe('png')
    expect(meta.hasAlpha).toBe(true)
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true })
    let transparent = 0
    for (let i = 3; i < data.length; i += info.channels) if (data[i] === 0) transparent++
    const share = transparent / (info.width * info.height)
    // The light background around the card is cut away, the card itself stays.
    expect(share).toBeGreaterThan(0.3)
    expect(share).toBeLessThan(0.9)
  })

  it('warm path: with credentials cached, a recognition costs exactly upload + API (2 requests)', async () => {
    const kit = kitFor('warm')
    await kit.prefetch()
    const before = stack.emulator!.counters()
    await kit.recognize(recognizeBankCardOperation, { path: new Uint8Array(photo), contentType: 'image/jpeg', size: photo.length })
    const after = stack.emulator!.counters()
    const delta = (k: string) => ((after as Record<string, number>)[k] ?? 0) - ((before as Record<string, number>)[k] ?? 0)
    expect([delta('sts'), delta('oss'), delta('ocr'), delta('login')]).toEqual([0, 1, 1, 0])
  })

  it('rejects an oversize image before any request, with a typed error', async () => {
    const kit = kitFor('big')
    const err = await kit
      .recognize(recognizeBankCardOperation, { path: new Uint8Array(10), contentType: 'image/jpeg', size: 4 * 1024 * 1024 })
      .catch((e) => e)
    expect(err).toBeInstanceOf(InputError)
    expect(err.code).toBe('ImageTooLarge')
  })

  it('a URL outside the emulator OSS is refused by the service with a typed error', async () => {
    const kit = kitFor('url')
    const err = await kit.recognize(recognizeBankCardOperation, 'http://example.invalid/card.jpg').catch((e) => e)
    expect(err).toBeInstanceOf(ServiceError)
    expect(err.code).toMatch(/^InvalidImage/)
  })
})
