import type { UserConfigExport } from '@tarojs/cli'

/**
 * Production builds ship minified code. WeChat's code-quality scan (DevTools "代码质量" panel and
 * miniprogram-ci `checkCodeQuality`) asks for minified JS, WXML and WXSS:
 * https://developers.weixin.qq.com/miniprogram/dev/devtools/quality.html. The scan itself only reads
 * the `setting.minified` / `minifyWXML` / `minifyWXSS` switches of project.config.json (Taro copies
 * it into dist/weapp; they make DevTools and miniprogram-ci minify again on upload:
 * https://developers.weixin.qq.com/miniprogram/dev/devtools/projectconfig.html); this config makes
 * the build itself minified. test/vendor/wechat-quality.test.ts runs the scan.
 */
export default {
  // JS and CSS minifiers of Taro's production builds (both on by default in production mode;
  // explicit so turning one off is a visible change): https://docs.taro.zone/docs/config-detail#terser
  jsMinimizer: 'terser',
  terser: { enable: true },
  cssMinimizer: 'csso',
  csso: { enable: true },
  mini: {
    // WXML whitespace collapsed by Taro (html-minifier): https://docs.taro.zone/docs/config-detail#miniminifyxml
    // WeChat only: html-minifier lowercases attribute names, which would turn Alipay/DingTalk's
    // `onTap="eh"` into `ontap` and break every tap in those builds.
    ...(process.env.TARO_ENV === 'weapp' ? { minifyXML: { collapseWhitespace: true } } : {}),
  },
  h5: {},
} satisfies UserConfigExport<'webpack5'>
