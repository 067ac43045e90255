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
  /** The kit's `regionEndpoints`: a product's endpoints in the order to try, replacing its declared regions. */
  regionEndpoints?: Readonly<Record<string, readonly string[]>>
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
 * kit's `regionEndpoints` for the product or the operation's `regionFallback` regions, each tried
 * once) → 'analyzing' → signed RPC call → parsed result → 'done'.
 */
export async function runOperation<I, R>(
  deps: RunOperationDeps,
  operation: Operation<I, R>,
  input: I,
  run: RunOptions = {},
  /** The input again for each attempt (an image URL signed anew after a credential refresh). */
  inputPerAttempt?: () => Promise<I>,
): Promise<R> {
  const current = await deps.grant()
  const fallback = operation.regionFallback
  // A configured list replaces the regions the operation declares; each still gets its params (RegionId).
  const configured = deps.regionEndpoints && deps.regionEndpoints[operation.product]
  const regional = Boolean(configured || fallback)
  const endpoints = configured
    ? [...configured]
    : fallback
      ? fallback.endpoints(current.endpoints[operation.product])
      : [endpointFor(current, operation.product)]
  run.onProgress?.({ phase: 'analyzing', percent: 100 })
  const params = operation.toParams(input)
  const forEndpoint = (endpoint: string, p: Record<string, string>) => (fallback && fallback.params && fallback.params(endpoint, p)) || p
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
