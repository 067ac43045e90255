// Prints the RAM policies for the configured bucket / prefix / role as JSON to paste into the
// RAM console. Usage: npm run ram-policy -- [--user <ram-user-name>] [--json]
// (--json: one machine-readable object {rolePermissionPolicy, roleTrustPolicy, callerPolicy}).
import { loadConfig, loadDotEnv, ConfigError } from '../server/config'
import { buildRamPolicies } from '../server/policy/ram-policy'

/**
 * IMM reads OSS through its project's service role, not the caller's credentials
 * (https://www.alibabacloud.com/help/en/imm/user-guide/configure-a-service-role-for-a-project,
 * AliyunIMMDefaultRole by default), so that role must exist and may read the bucket.
 */
export function immRoleNote(project: string | undefined, bucket: string, region: string): string {
  const lines = [
    `# IMM (face detection${project ? `, project ${project}` : ', when IMM_PROJECT is set'}): IMM reads the photo from OSS through the`,
    `# project's service role (AliyunIMMDefaultRole unless the project names another), in ${region}.`,
    '# Authorize it once when creating the project (IMM console → Create Project → Service Role → Authorize).',
    '# AliyunIMMDefaultRole reads all of OSS; a custom service role (trusted service: IMM) needs at least',
    `# {"Effect":"Allow","Action":["oss:GetObject"],"Resource":"acs:oss:*:*:${bucket}/*"}.`,
    '# https://www.alibabacloud.com/help/en/imm/user-guide/configure-a-service-role-for-a-project',
  ]
  return `${lines.join('\n')}\n`
}

function main(argv: string[]): number {
  loadDotEnv()
  const userIdx = argv.indexOf('--user')
  const ramUserName = userIdx >= 0 ? argv[userIdx + 1] : process.env.RAM_USER_NAME
  try {
    const config = loadConfig(process.env)
    const policies = buildRamPolicies({
      bucket: config.oss.bucket,
      keyPrefix: config.oss.keyPrefix,
      roleArn: config.sts.roleArn,
      ramUserName: ramUserName || undefined,
      immProject: config.immProject,
      region: config.oss.region,
      imageUrlRoute: config.oss.imageUrlRoute,
    })
    const out = process.stdout
    if (argv.includes('--json')) {
      out.write(`${JSON.stringify(policies, null, 2)}\n`)
      return 0
    }
    out.write(`# Role ${config.sts.roleArn} — permission policy (RAM console → Policies → Create, JSON tab):\n`)
    out.write(`${JSON.stringify(policies.rolePermissionPolicy, null, 2)}\n\n`)
    out.write('# Role trust policy (RAM console → Roles → the role → Trust Policy):\n')
    out.write(`${JSON.stringify(policies.roleTrustPolicy, null, 2)}\n\n`)
    out.write('# Policy for the RAM user the backend runs as (allows AssumeRole on this role only):\n')
    out.write(`${JSON.stringify(policies.callerPolicy, null, 2)}\n\n`)
    out.write(immRoleNote(config.immProject, config.oss.bucket, config.oss.region))
    return 0
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`)
    return 1
  }
}

process.exitCode = main(process.argv.slice(2))
