/**
 * DingTalk (dd) platform for Taro 4.
 *
 * Why this file exists: the only DingTalk plugin on the registry (`@tarojs/plugin-platform-alipay-dd`
 * 0.3.x) targets Taro 3 and still emits `my.*` calls. DingTalk mini programs run on the Alipay
 * mini-program engine (same .axml/.acss/.sjs files, same `uploadFile` shape) but expose their APIs
 * on the `dd` global, so we reuse the Alipay platform and change only what differs:
 * - the platform name (`process.env.TARO_ENV === 'dd'`) and the global object Taro binds APIs from;
 * - every free `my` identifier in the bundle (runtime, chunk loader, our code) becomes `dd`.
 */
import { Alipay } from '@tarojs/plugin-platform-alipay'
import type { IPluginContext } from '@tarojs/service'

const PLATFORM = 'dd'

class DingTalk extends Alipay {
  platform = PLATFORM
  globalObject = PLATFORM

  constructor(ctx: IPluginContext, config: Record<string, unknown>) {
    super(ctx, config)
    this.setupTransaction.addWrapper({
      close: () => {
        ctx.modifyWebpackChain(({ chain }) => {
          chain.plugin('definePlugin').tap((args: Array<Record<string, unknown>>) => {
            const defines = { ...(args[0] ?? {}) }
            // Identifier replacement: `my.request(...)` compiles to `dd.request(...)`.
            defines.my = PLATFORM
            return [defines]
          })
        })
      },
    })
  }
}

export default (ctx: IPluginContext) => {
  ctx.registerPlatform({
    name: PLATFORM,
    useConfigName: 'mini',
    async fn({ config }: { config: Record<string, unknown> }) {
      const program = new DingTalk(ctx, config)
      await program.start()
    },
  })
}
