export default defineAppConfig({
  pages: ['pages/index/index', 'pages/bank-card/index', 'pages/segment/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#fff',
    navigationBarTitleText: '拍照识别',
    navigationBarTextStyle: 'black',
  },
})
