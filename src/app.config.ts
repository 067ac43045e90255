export default defineAppConfig({
  pages: ['pages/index/index', 'pages/bank-card/index', 'pages/segment/index', 'pages/moderation/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#fff',
    navigationBarTitleText: '拍照识别',
    navigationBarTextStyle: 'black',
  },
  // WeChat only: inject just the code of the page being opened and the components it declares,
  // not every page at launch ("按需注入", base library 2.11.1+):
  // https://developers.weixin.qq.com/miniprogram/dev/reference/configuration/app.html#lazyCodeLoading
  // https://developers.weixin.qq.com/miniprogram/dev/framework/ability/lazyload.html
  // Taro types it (AppConfig.lazyCodeLoading) and copies it into app.json. Alipay/DingTalk have no
  // such key, so their app.json leaves it out. Reported against Taro 3.3 on base library 2.20.x:
  // pages blank with "Path ../../base.wxml not found" (https://github.com/NervJS/taro/issues/10885,
  // still open) — check on a real device before a release.
  ...(process.env.TARO_ENV === 'weapp' ? { lazyCodeLoading: 'requiredComponents' } : {}),
})
