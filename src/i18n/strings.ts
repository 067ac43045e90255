import Taro from '@tarojs/taro'

/** Every user-visible string, Chinese first (the default) and English. */
const zh = {
  appTitle: '拍照识别',
  homeIntro: '拍一张照片，上传到阿里云 OSS（上海），再调用视觉智能 API。',
  bankCardTitle: '银行卡识别',
  bankCardDesc: '识别卡号、银行、卡类型和有效期（RecognizeBankCard）',
  segmentTitle: '通用分割',
  segmentDesc: '把主体从背景中抠出来，得到透明背景的 PNG（SegmentCommonImage）',
  backendStatus: '后端连接',
  statusOk: '正常',
  statusDown: '无法连接',
  statusChecking: '检查中…',
  choosePhoto: '拍照或选择照片',
  chooseAnother: '换一张照片',
  cancel: '取消',
  retry: '重试',
  phaseCredentials: '获取临时凭证…',
  phaseUploading: '上传中',
  phaseAnalyzing: '识别中…',
  phaseDone: '完成',
  cardNumber: '卡号',
  bankName: '银行',
  cardType: '卡类型',
  validDate: '有效期',
  reveal: '显示',
  hide: '隐藏',
  copy: '复制',
  copied: '已复制',
  debitCard: '借记卡',
  creditCard: '信用卡',
  emulatedNote: '模拟结果：来自本地模拟器，并非真实识别',
  original: '原图',
  cutout: '抠图结果',
  saveToAlbum: '保存到相册',
  saved: '已保存',
  errOffline: '网络不可用',
  errOfflineAction: '请检查网络连接后重试。',
  errBackendDown: '无法连接到服务器',
  errBackendDownAction: '服务器暂时不可用，请稍后重试。',
  errSession: '登录已过期',
  errSessionAction: '请重试，应用会自动重新登录。',
  errTooLarge: '图片太大',
  errTooLargeAction: '请选择小于 3 MB 的图片，或先裁剪。',
  errWrongType: '不支持的图片格式',
  errWrongTypeAction: '请使用 JPEG、PNG、BMP 或 GIF 图片。',
  errEmpty: '文件是空的',
  errEmptyAction: '请重新拍照或选择照片。',
  errTimeout: '请求超时',
  errTimeoutAction: '网络较慢，请重试。',
  errCancelled: '已取消',
  errCancelledAction: '可以重新开始。',
  errService: '识别失败',
  errServiceAction: '请重试；如果一直失败，请联系我们并提供请求编号。',
  requestId: '请求编号',
  language: 'English',
}

export type StringKey = keyof typeof zh
type Strings = Record<StringKey, string>

const en: Strings = {
  appTitle: 'Photo recognition',
  homeIntro: 'Take a photo, upload it to Alibaba Cloud OSS (Shanghai), and call a vision API on it.',
  bankCardTitle: 'Bank card OCR',
  bankCardDesc: 'Reads the card number, bank, card type and validity (RecognizeBankCard)',
  segmentTitle: 'Segmentation',
  segmentDesc: 'Cuts the subject out of the background into a transparent PNG (SegmentCommonImage)',
  backendStatus: 'Backend',
  statusOk: 'connected',
  statusDown: 'unreachable',
  statusChecking: 'checking…',
  choosePhoto: 'Take or choose a photo',
  chooseAnother: 'Choose another photo',
  cancel: 'Cancel',
  retry: 'Retry',
  phaseCredentials: 'Getting temporary credentials…',
  phaseUploading: 'Uploading',
  phaseAnalyzing: 'Recognizing…',
  phaseDone: 'Done',
  cardNumber: 'Card number',
  bankName: 'Bank',
  cardType: 'Card type',
  validDate: 'Valid thru',
  reveal: 'Show',
  hide: 'Hide',
  copy: 'Copy',
  copied: 'Copied',
  debitCard: 'Debit card',
  creditCard: 'Credit card',
  emulatedNote: 'Emulated result from the local emulator, not a real recognition',
  original: 'Original',
  cutout: 'Cut-out',
  saveToAlbum: 'Save to album',
  saved: 'Saved',
  errOffline: 'You are offline',
  errOfflineAction: 'Check the network connection and retry.',
  errBackendDown: 'Cannot reach the server',
  errBackendDownAction: 'The server is unavailable right now; retry in a moment.',
  errSession: 'Your session expired',
  errSessionAction: 'Retry; the app logs in again by itself.',
  errTooLarge: 'The image is too large',
  errTooLargeAction: 'Choose an image under 3 MB, or crop it first.',
  errWrongType: 'Unsupported image type',
  errWrongTypeAction: 'Use a JPEG, PNG, BMP or GIF image.',
  errEmpty: 'The file is empty',
  errEmptyAction: 'Take or choose the photo again.',
  errTimeout: 'The request timed out',
  errTimeoutAction: 'The network is slow; retry.',
  errCancelled: 'Cancelled',
  errCancelledAction: 'You can start again.',
  errService: 'Recognition failed',
  errServiceAction: 'Retry; if it keeps failing, contact us with the request id.',
  requestId: 'Request id',
  language: '中文',
}

const LANG_KEY = 'viapi-kit-lang'
export type Lang = 'zh' | 'en'

export function currentLang(): Lang {
  try {
    return Taro.getStorageSync(LANG_KEY) === 'en' ? 'en' : 'zh'
  } catch {
    return 'zh'
  }
}

export function setLang(lang: Lang): void {
  Taro.setStorageSync(LANG_KEY, lang)
}

export function t(key: StringKey, lang: Lang = currentLang()): string {
  return (lang === 'en' ? en : zh)[key]
}
