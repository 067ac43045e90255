import { afterAll, describe, expect, it } from 'vitest'
import { NetworkError, recognizeBankCardOperation } from '../../src/lib'
import { buildServer } from '../../server/app'
import { kitFor, useFaultStack } from './harness'

// Faults: our backend is down (connection refused) or slow (its AssumeRole hangs). The kit says
// so with a typed error and recovers by itself once the backend is back: no app restart.
const faults = useFaultStack({ close: false })
const image = faults.image
let restarted: ReturnType<typeof buildServer> | undefined
afterAll(async () => {
  // Keep-alive sockets of the kits' fetch would hold close() open until they time out.
  const closing = restarted?.close()
  restarted?.server.closeAllConnections()
  await closing
  await faults.close()
})

describe('fault: backend down or slow', () => {
  it('down: a typed NetworkError after bounded retries; the same kit succeeds once the backend is back on its port', async () => {
    const h = kitFor(faults.stack, 'outage')
    await h.kit.prefetch() // the session exists; its token must survive the backend restart
    const port = Number(new URL(faults.stack.backendUrl).port)
    await faults.stack.backend.close()
    // A fresh kit for the same user has no credentials cached: it must reach the backend.
    const cold = kitFor(faults.stack, 'outage-cold')
    const err = await cold.kit.recognize(recognizeBankCardOperation, image()).catch((e) => e)
    expect(err).toBeInstanceOf(NetworkError)
    expect([err.code, err.failure, err.retryable]).toEqual(['NetworkError', 'failed', true])
    // It names the backend URL it could not reach (login comes first for a kit with no session).
    expect(err.message).toContain(`${faults.stack.backendUrl}/api/login`)
    expect(err.hint).toMatch(/network/i)
    expect(cold.rec.sent.filter((s) => s.kind === 'backend').map((s) => s.error)).toEqual(['NetworkError', 'NetworkError', 'NetworkError'])
    expect(cold.sleeps).toHaveLength(2)

    restarted = buildServer(faults.stack.config)
    await restarted.listen({ host: '127.0.0.1', port })
    const result = await cold.kit.recognize(recognizeBankCardOperation, image())
    expect(result.cardNumber).toMatch(/^\d{16,19}$/)
    // The earlier kit's cached credentials kept working throughout.
    expect((await h.kit.recognize(recognizeBankCardOperation, image())).cardNumber).toBe(result.cardNumber)
  })

  it('slow: a typed Timeout while AssumeRole hangs; the next try succeeds without restarting anything', async () => {
    const h = kitFor(faults.stack, 'slow-backend', { backendTimeoutMs: 300, grantAttempts: 2 })
    faults.stack.emulator!.setFaults({ rules: [{ service: 'sts', kind: 'latency', ms: 1200 }] })
    try {
      const err = await h.kit.prefetch().catch((e) => e)
      expect(err).toBeInstanceOf(NetworkError)
      expect([err.code, err.failure]).toEqual(['Timeout', 'timeout'])
      expect(h.rec.sent.filter((s) => s.url.endsWith('/api/sts'))).toHaveLength(2)
    } finally {
      faults.stack.emulator!.clearFaults()
    }
    await new Promise((r) => setTimeout(r, 1300)) // the backend's hung AssumeRoles finish
    const result = await h.kit.recognize(recognizeBankCardOperation, image())
    expect(result.cardNumber).toMatch(/^\d{16,19}$/)
  })
})
