export default definePageConfig({
  navigationBarTitleText: '通用分割',
})
