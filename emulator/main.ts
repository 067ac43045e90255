// CLI: `npx tsx emulator/main.ts` starts the emulator on EMULATOR_PORT (default 9100, 0 = random)
// and prints what a backend needs to talk to it. The dev root key printed here is a fixed,
// emulator-only credential, never a real Alibaba Cloud key.
import { startEmulator } from './index'

async function main(): Promise<void> {
  const port = Number(process.env.EMULATOR_PORT ?? 9100)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad EMULATOR_PORT ${process.env.EMULATOR_PORT ?? ''}`)
  const emu = await startEmulator({ port, host: process.env.EMULATOR_HOST ?? '127.0.0.1', quiet: false })
  const o = emu.options
  const alipayKeyNote = emu.alipay.appPrivateKeyPem ? '  (app key pair generated; see GET /__admin/info for Alipay public key)' : ''
  process.stdout.write(
    [
      `Alibaba Cloud emulator listening on ${emu.url}`,
      `  root AccessKey id:     ${o.rootAccessKeyId}`,
      `  root AccessKey secret: ${o.rootAccessKeySecret}   (dev-only value)`,
      `  role ARN:              ${o.roleArn}`,
      `  buckets:               ${Object.keys(o.buckets).join(', ')}  (object URL ${emu.url}/oss/<bucket>/<key>)`,
      `  WeChat appid:          ${o.wechatAppId}`,
      `  DingTalk appkey:       ${o.dingtalkAppKey}`,
      `  Alipay app id:         ${o.alipayAppId}${alipayKeyNote}`,
      '',
    ].join('\n'),
  )
  const stop = () => {
    emu.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e) => {
  process.stderr.write(`emulator failed to start: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
