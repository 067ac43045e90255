/**
 * A RAM role ARN, `acs:ram::<accountId>:role/<roleName>`: the one pattern the config check, the RAM
 * policy generator and the per-user session policy all read.
 */
export const ROLE_ARN = /^acs:ram::(\d+):role\/([A-Za-z0-9.@_-]+)$/

/** The account and role name of a role ARN; throws on anything else. */
export function parseRoleArn(roleArn: string): { accountId: string; roleName: string } {
  const m = ROLE_ARN.exec(roleArn)
  if (!m) throw new Error(`not a RAM role ARN: ${roleArn} (expected acs:ram::<accountId>:role/<name>)`)
  return { accountId: m[1], roleName: m[2] }
}

/** The account id of a role ARN, for resource ARNs of the same account; `*` when it is not one. */
export function accountOf(roleArn: string): string {
  return ROLE_ARN.exec(roleArn)?.[1] ?? '*'
}
