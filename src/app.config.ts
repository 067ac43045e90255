export default defineAppConfig({
  pages: ['pages/index/index', 'pages/bank-card/index', 'pages/segment/index', 'pages/moderation/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#fff',
    navigationBarTitleText: '拍照识别',
    navigationBarTextStyle: 'black',
  },
})
