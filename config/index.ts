import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import devConfig from './dev'
import prodConfig from './prod'

/** Everything the app reads at build time. Only URLs and ids: never a secret (they end up in the bundle). */
const APP_BUILD_VARIABLES = ['TARO_APP_BACKEND_URL', 'TARO_APP_EMULATOR_URL', 'TARO_APP_DD_CORP_ID']

// https://taro-docs.jd.com/docs/next/config#defineconfig-辅助函数
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'viapi-miniprogram-kit',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // Each target gets its own folder so the four IDEs never open each other's output;
    // VIAPI_OUTPUT_ROOT lets `npm start` and the E2E tests build an H5 copy wired to local ports.
    outputRoot: process.env.VIAPI_OUTPUT_ROOT || `dist/${process.env.TARO_ENV}`,
    // DingTalk has no maintained Taro 4 platform plugin; ours extends the Alipay one (see the file).
    plugins: [path.resolve(__dirname, 'platform-dd.ts')],
    // The app's build-time settings, from the environment or `.env.*` files. Defined explicitly so an
    // unset one becomes '' instead of a `process.env` lookup that crashes in browsers.
    defineConstants: Object.fromEntries(
      APP_BUILD_VARIABLES.map((name) => [`process.env.${name}`, JSON.stringify(process.env[name] ?? '')]),
    ),
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
  }
  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
