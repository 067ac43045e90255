export default definePageConfig({
  navigationBarTitleText: '拍照识别',
})
