import { createFetchTransport, createViapiKit, fromBackend, type Transport, recognizeBankCardOperation } from '../src/lib'
import { startStack } from '../scripts/stack'
import { makeCardPhoto } from '../test/support/images'
import { fmt, type Row } from './types'

/** Counts every request the device makes, whatever the host. */
function counting(inner: Transport) {
  const counter = { n: 0 }
  const transport: Transport = {
    ...inner,
    request: (req) => {
      counter.n++
      return inner.request(req)
    },
    uploadFile: (req) => {
      counter.n++
      return inner.uploadFile(req)
    },
  }
  return { transport, counter }
}

/**
 * Network round trips per bank-card recognition, counted twice: by the device (requests made) and
 * by the emulator (`counters()`: what reached STS, OSS, ocr and the login provider).
 */
export async function roundTrips(): Promise<Row[]> {
  const stack = await startStack({ emulatorPort: 0, backendPort: 0 })
  try {
    const photo = new Uint8Array(await makeCardPhoto())
    const image = { path: photo, contentType: 'image/jpeg', size: photo.length }
    const emu = stack.emulator!
    const { transport, counter } = counting(createFetchTransport())
    const login = async () => {
      counter.n++ // the app's POST /api/login (made with plain fetch here, counted by hand)
      const code = emu.mintLoginCode('h5', 'bench-rt')
      const res = await fetch(`${stack.backendUrl}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ platform: 'h5', code }),
      })
      return ((await res.json()) as { token: string }).token
    }
    let token: Promise<string> | undefined
    const kit = createViapiKit({
      transport,
      grants: fromBackend({
        transport,
        backendUrl: stack.backendUrl,
        getSessionToken: (renew) => (token = renew || !token ? login() : token),
      }),
    })

    const measure = async () => {
      const before = { ...emu.counters() }
      const n0 = counter.n
      await kit.recognize(recognizeBankCardOperation, image)
      const after = emu.counters()
      const cloud = (['login', 'sts', 'oss', 'ocr'] as const).map((k) => `${k} ${after[k] - before[k]}`).join(', ')
      return { device: counter.n - n0, cloud }
    }
    const cold = await measure()
    const warm = await measure()
    // A second photo after a prefetch at launch (what src/app.ts does with kit.prefetch()).
    const warm2 = await measure()
    return [
      {
        section: 'Round trips',
        metric: 'cold recognition (first photo, nothing cached)',
        baseline: '—',
        ours: `${cold.device} (${cold.cloud})`,
        ratio: '',
      },
      {
        section: 'Round trips',
        metric: 'warm recognition (credentials cached; the app prefetches them at launch)',
        baseline: `${cold.device} (no credential cache: login + STS + upload + API every time)`,
        ours: `${warm.device} (${warm.cloud})`,
        ratio: `${fmt.x(cold.device / warm.device)} fewer`,
        target: '2 = upload + API (the floor)',
        pass: warm.device === 2 && warm2.device === 2,
      },
    ]
  } finally {
    await stack.close()
  }
}
