import type { FastifyInstance } from 'fastify'
import type { Readiness } from '../health/readiness'
import type { LoginVerifiers } from '../login'
import type { LoginCodeClaims } from '../store/replay-store'
import { healthRoutes } from './health'
import { loginRoutes } from './login'
import { ossPolicyRoutes } from './oss-policy'
import { stsRoutes } from './sts'
import type { CredentialRouteDeps } from './sts'

export type { CredentialRouteDeps } from './sts'

/** Everything the routes use, built once by `buildServer`. */
export type RouteDeps = CredentialRouteDeps & { verifiers: LoginVerifiers; replay: LoginCodeClaims; readiness: Readiness }

/** `/healthz` and `/readyz` (never rate limited), `/api/login`, `/api/sts` and `/api/oss-policy`. */
export function registerRoutes(api: FastifyInstance, deps: RouteDeps): void {
  healthRoutes(api, deps)
  loginRoutes(api, deps)
  stsRoutes(api, deps)
  ossPolicyRoutes(api, deps)
}
