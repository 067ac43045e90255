// The official STS SDK (V3 signature, POST, query parameters) against the emulator.
import { describe, expect, it } from 'vitest'
import type { RunningEmulator } from '../../emulator/index'
import { useEmulator } from '../support/use-emulator'

// The SDK ships CommonJS; require keeps its loose typing out of the way of strict TS.
/* eslint-disable @typescript-eslint/no-require-imports -- the loose typing above is the point */
const Sts = require('@alicloud/sts20150401')
const core = require('@alicloud/openapi-core')
/* eslint-enable @typescript-eslint/no-require-imports */

let emu: RunningEmulator
useEmulator((e) => (emu = e))

function client(accessKeyId: string, accessKeySecret: string): any {
  return new Sts.default(
    new core.$OpenApiUtil.Config({ accessKeyId, accessKeySecret, endpoint: `127.0.0.1:${emu.port}`, protocol: 'http' }),
  )
}

describe('@alicloud/sts20150401', () => {
  it('assumeRole with a session policy succeeds and the policy is enforced', async () => {
    const policy = JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['viapi-ocr:RecognizeBankCard'], Resource: ['*'] }],
    })
    const res = await client(emu.options.rootAccessKeyId, emu.options.rootAccessKeySecret).assumeRole(
      new Sts.AssumeRoleRequest({ roleArn: emu.options.roleArn, roleSessionName: 'sdk-session', durationSeconds: 900, policy }),
    )
    expect(res.statusCode).toBe(200)
    const c = res.body.credentials
    expect(c.accessKeyId).toMatch(/^STS\./)
    expect(Date.parse(c.expiration) - Date.now()).toBeLessThanOrEqual(900_000)
    expect(emu.counters().sts).toBe(1)
  })

  it('surfaces SignatureDoesNotMatch for a wrong secret', async () => {
    await expect(
      client(emu.options.rootAccessKeyId, 'wrong-secret').assumeRole(
        new Sts.AssumeRoleRequest({ roleArn: emu.options.roleArn, roleSessionName: 'sdk-session' }),
      ),
    ).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' })
  })
})
