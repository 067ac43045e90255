import type { FastifyInstance } from 'fastify'

/**
 * Graceful shutdown: `/readyz` turns 503 at once, so load balancers stop sending new requests
 * within their health-check interval; after `delayMs` the server closes, which stops accepting
 * connections, lets requests in flight finish, and answers anything else on a kept-alive
 * connection with a typed 503 (see registerHealthRoutes).
 */
export async function drain(app: FastifyInstance, delayMs: number): Promise<void> {
  app.readiness.startDraining()
  if (delayMs > 0) {
    app.log.info({ drainMs: delayMs }, 'draining: /readyz answers 503 before the server closes')
    await new Promise((resolve) => setTimeout(resolve, delayMs))
  }
  await app.close()
}
