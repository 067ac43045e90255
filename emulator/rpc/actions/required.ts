import { RpcError } from '../errors'

/**
 * A required business parameter. The POP gateway answers `Missing<Name>` with
 * "<Name> is mandatory for this action." for parameters declared required in the API metadata.
 */
export function requireParam(params: Record<string, string>, name: string): string {
  const v = params[name]
  if (v === undefined || v === '') throw new RpcError(400, `Missing${name}`, `${name} is mandatory for this action.`)
  return v
}
