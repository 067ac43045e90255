const { kit, media, recognizeBankCardOperation } = require('../../kit.js')

/** `6222 **** **** 1234`: first and last four digits only. */
function maskCardNumber(n) {
  return n.length <= 8 ? n : `${n.slice(0, 4)} **** **** ${n.slice(-4)}`
}

Page({
  data: {
    /** idle | running | done | failed */
    status: 'idle',
    /** credentials | uploading | analyzing | done (the kit's phases) */
    phase: '',
    percent: 0,
    bankName: '',
    cardNumber: '',
    error: '',
  },

  async onTakePhoto() {
    let photo
    try {
      const picked = await media.choosePhoto()
      if (!picked) return // the user cancelled
      const info = await media.photoInfo(picked.path)
      photo = { path: picked.path, contentType: info.contentType || 'image/jpeg', size: picked.size }
    } catch (err) {
      return this.fail(err)
    }
    this.setData({ status: 'running', phase: 'credentials', percent: 0, error: '' })
    try {
      const card = await kit.recognize(recognizeBankCardOperation, photo, {
        onProgress: ({ phase, percent }) => this.setData({ phase, percent }),
      })
      this.setData({ status: 'done', bankName: card.bankName, cardNumber: maskCardNumber(card.cardNumber) })
    } catch (err) {
      this.fail(err)
    }
  },

  /** Every error of the kit is a KitError with a plain `hint` saying what to do. */
  fail(err) {
    console.warn('bank card recognition failed:', err)
    this.setData({ status: 'failed', error: (err && (err.hint || err.message)) || String(err) })
  },
})
