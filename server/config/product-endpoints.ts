import type { Operation } from '../../src/lib'

/** The kit names the same variable in its NoEndpoint hint, so both read it from one place. */
export { endpointVariable } from '../../src/lib/operations'

/**
 * Every product the operations call, with its endpoint on Alibaba Cloud (the operations'
 * `cloudEndpoint`), in declaration order. Two operations of one product that declare different
 * endpoints are a mistake in the declarations, not in the environment: it throws.
 */
export function cloudEndpoints(
  operations: ReadonlyArray<Pick<Operation<never, unknown>, 'product' | 'action' | 'cloudEndpoint'>>,
): Record<string, string> {
  const out: Record<string, string> = {}
  const declaredBy: Record<string, string> = {}
  for (const { product, action, cloudEndpoint } of operations) {
    if (out[product] === undefined) {
      out[product] = cloudEndpoint
      declaredBy[product] = action
    } else if (out[product] !== cloudEndpoint) {
      throw new Error(
        `operations: ${declaredBy[product]} and ${action} are both "${product}" but declare different endpoints (${out[product]}, ${cloudEndpoint})`,
      )
    }
  }
  return out
}
