import { KitError } from '../base/errors'
import type { MemoizedProvider } from '../credentials/memoize'
import type { StsGrant } from '../base/credentials'
import { withRegionFallback } from '../operations/moderation-regions'
import { endpointVariable, type Operation } from '../operations'
import type { RpcClient } from '../rpc/client'
import type { RunOptions } from './types'

/** What running an operation needs from the kit. */
export interface RunOperationDeps {
  grant: MemoizedProvider<StsGrant>
  rpc: RpcClient
}

/** Endpoints tried in order instead of the grant's one for the product (a caller's own list, e.g. `moderationEndpoints`). */
export interface RegionRoute {
  /** In the order to try; each gets one attempt, the next region is the retry. */
  endpoints(grant: StsGrant): string[]
  /** The params one endpoint gets, e.g. with its RegionId. @default the operation's params */
  params?(endpoint: string, params: Record<string, string>): Record<string, string>
}

function endpointFor(grant: StsGrant, product: string): string {
  const endpoint = grant.endpoints[product]
  if (!endpoint) {
    throw new KitError('NoEndpoint', `The backend gave no endpoint for "${product}"`, {
      hint: `Set ${endpointVariable(product)} on the backend.`,
    })
  }
  return endpoint
}

/**
 * One operation, start to end: grant → endpoint (the grant's for the operation's product; the
 * route's or the operation's `regionFallback` regions, each tried once) → 'analyzing' → signed RPC call → parsed result → 'done'.
 */
export async function runOperation<I, R>(
  deps: RunOperationDeps,
  operation: Operation<I, R>,
  input: I,
  run: RunOptions = {},
  route?: RegionRoute,
  /** The input again for each attempt (an image URL signed anew after a credential refresh). */
  inputPerAttempt?: () => Promise<I>,
): Promise<R> {
  const current = await deps.grant()
  const fallback = operation.regionFallback
  const regional =
    route ||
    (fallback && { endpoints: (grant: StsGrant) => fallback.endpoints(grant.endpoints[operation.product]), params: fallback.params })
  const endpoints = regional ? regional.endpoints(current) : [endpointFor(current, operation.product)]
  run.onProgress?.({ phase: 'analyzing', percent: 100 })
  const params = operation.toParams(input)
  const forEndpoint = (endpoint: string, p: Record<string, string>) => (regional && regional.params && regional.params(endpoint, p)) || p
  const send = (endpoint: string, maxAttempts?: number) =>
    deps.rpc.call<Record<string, unknown>>(
      { endpoint, action: operation.action, version: operation.version, params: forEndpoint(endpoint, params) },
      {
        signal: run.signal,
        maxAttempts,
        paramsPerAttempt: inputPerAttempt && (async () => forEndpoint(endpoint, operation.toParams(await inputPerAttempt()))),
      },
    )
  // One attempt per region: the next region is the retry, so an outage costs one round trip, not three.
  const body = regional ? await withRegionFallback(endpoints, (endpoint) => send(endpoint, 1)) : await send(endpoints[0])
  const result = operation.parseResult(body)
  run.onProgress?.({ phase: 'done', percent: 100 })
  return result
}
