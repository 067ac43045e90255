export default definePageConfig({
  navigationBarTitleText: '银行卡识别',
})
