import type { Operation } from '../../src/lib'

/** `<PRODUCT>_ENDPOINT`, the variable that sets one product's endpoint: `ocr` → `OCR_ENDPOINT`. */
export function endpointVariable(product: string): string {
  return `${product.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_ENDPOINT`
}

/**
 * Every product the operations call, with its endpoint on Alibaba Cloud (the operations'
 * `cloudEndpoint`), in declaration order. Two operations of one product that declare different
 * endpoints are a mistake in the declarations, not in the environment: it throws.
 */
export function cloudEndpoints(operations: ReadonlyArray<Pick<Operation<never, unknown>, 'product' | 'action' | 'cloudEndpoint'>>): Record<string, string> {
  const out: Record<string, string> = {}
  const declaredBy: Record<string, string> = {}
  for (const { product, action, cloudEndpoint } of operations) {
    if (out[product] === undefined) {
      out[product] = cloudEndpoint
      declaredBy[product] = action
    } else if (out[product] !== cloudEndpoint) {
      throw new Error(`operations: ${declaredBy[product]} and ${action} are both "${product}" but declare different endpoints (${out[product]}, ${cloudEndpoint})`)
    }
  }
  return out
}
