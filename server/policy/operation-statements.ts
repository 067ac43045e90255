import { CLIENT_OPERATIONS, type Operation } from '../../src/lib'
import type { PolicyStatement } from './session-policy'

/** Where an operation's RAM action is granted: the account, the region, the IMM project. */
export interface GrantScope {
  accountId: string
  region: string
  /** IMM project users may run face detection in; without one no IMM action is granted. */
  immProject?: string
}

/**
 * The Allow statements for the operations' RAM actions, read from the operation declarations
 * (src/lib/operations/ `ramAction`, `ramScope`), so adding an operation there is all it
 * takes for the session policy and the RAM role policy to allow it: account-wide actions (no
 * resource-level authorization) on `*`, IMM actions on the configured project only.
 */
export function operationStatements(
  scope: GrantScope,
  operations: ReadonlyArray<Pick<Operation<never, unknown>, 'ramAction' | 'ramScope'>> = CLIENT_OPERATIONS,
): PolicyStatement[] {
  const accountWide = operations.filter((o) => (o.ramScope ?? 'account') === 'account').map((o) => o.ramAction)
  const immProject = operations.filter((o) => o.ramScope === 'imm-project').map((o) => o.ramAction)
  const statements: PolicyStatement[] = []
  if (accountWide.length > 0) statements.push({ Effect: 'Allow', Action: accountWide, Resource: ['*'] })
  if (immProject.length > 0 && scope.immProject) {
    statements.push({
      Effect: 'Allow',
      Action: immProject,
      Resource: [`acs:imm:${scope.region}:${scope.accountId}:project/${scope.immProject}`],
    })
  }
  return statements
}
