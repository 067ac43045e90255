import path from 'node:path'
import { defineConfig } from '@tarojs/cli'
import type { IProjectConfig } from '@tarojs/taro/types/compile'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import devConfig from './dev'
import prodConfig from './prod'

type Config = IProjectConfig<'webpack5'>

/** Everything the app reads at build time. Only URLs and ids: never a secret (they end up in the bundle). */
const APP_BUILD_VARIABLES = ['TARO_APP_BACKEND_URL', 'TARO_APP_EMULATOR_URL', 'TARO_APP_DD_CORP_ID']

type WebpackChain = Parameters<NonNullable<NonNullable<Config['mini']>['webpackChain']>>[0]

/** The `@/*` paths of tsconfig.json, resolved by webpack in every target. */
function useTsconfigPaths(chain: WebpackChain): void {
  chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
}

const CSS_MODULES_OFF = {
  enable: false,
  config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
} as const

const MINI: Config['mini'] = {
  postcss: {
    pxtransform: { enable: true, config: {} },
    cssModules: CSS_MODULES_OFF,
  },
  webpackChain: useTsconfigPaths,
}

const H5: Config['h5'] = {
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
    cssModules: CSS_MODULES_OFF,
  },
  webpackChain: useTsconfigPaths,
}

/** What every build shares; read when Taro loads the config, once TARO_ENV is set. */
function baseConfig(): Config {
  return {
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
    mini: MINI,
    h5: H5,
  }
}

// https://taro-docs.jd.com/docs/next/config#defineconfig-辅助函数
export default defineConfig<'webpack5'>(async (merge) => {
  return merge({}, baseConfig(), process.env.NODE_ENV === 'development' ? devConfig : prodConfig)
})
