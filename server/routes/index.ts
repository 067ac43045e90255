import type { FastifyInstance } from 'fastify'
import type { LoginVerifiers } from '../login'
import type { LoginCodeClaims } from '../store/replay-store'
import { loginRoutes } from './login'
import { ossPolicyRoutes } from './oss-policy'
import { stsRoutes } from './sts'
import type { CredentialRouteDeps } from './sts'

export type { CredentialRouteDeps } from './sts'

/** Everything the routes use, built once by `buildServer`. */
export type RouteDeps = CredentialRouteDeps & { verifiers: LoginVerifiers; replay: LoginCodeClaims }

/** `/healthz` (never rate limited), `/api/login`, `/api/sts` and `/api/oss-policy`. */
export function registerRoutes(api: FastifyInstance, deps: RouteDeps): void {
  api.get('/healthz', { config: { rateLimit: false } }, async () => ({ status: 'ok', mode: deps.config.mode }))
  loginRoutes(api, deps)
  stsRoutes(api, deps)
  ossPolicyRoutes(api, deps)
}
