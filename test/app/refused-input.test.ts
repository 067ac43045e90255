import { describe, expect, it } from 'vitest'
import { InputError, NetworkError, PlatformError, ServiceError } from '../../src/lib'
import { isRefusedInput } from '../../src/services/refused-input'

/** Which failures the photo screens answer with "choose another" only (no retry, no preview). */
const cloud = (code: string, status = 400) => new ServiceError({ service: 'imageseg', status, code, message: code })

describe('isRefusedInput', () => {
  it.each([
    ['NotAnImage', new InputError('NotAnImage', 'not an image', 'Choose a photo')],
    ['EmptyFile', new InputError('EmptyFile', 'empty', 'Choose a photo')],
    ['a GIF for segmentation', new InputError('UnsupportedImageType', 'image/gif', 'Use JPEG or PNG')],
    ['a comment too long', new InputError('TextTooLong', 'too long', 'Shorten it')],
    ['OSS: too large', cloud('EntityTooLarge')],
    ['viapi: wrong format', cloud('InvalidImage.Format')],
    ['viapi: no card in the photo', cloud('InvalidImage.Content')],
    ['imageseg: unreadable content', cloud('InvalidFile.Content')],
  ])('%s: the input is refused, only another one helps', (_name, err) => {
    expect(isRefusedInput(err)).toBe(true)
  })

  it.each([
    ['a network failure', new NetworkError('failed', 'POST', 'https://bucket.oss-cn-shanghai.aliyuncs.com/')],
    ['a timeout', new NetworkError('timeout', 'POST', 'https://bucket.oss-cn-shanghai.aliyuncs.com/')],
    ['a busy service', cloud('ServiceUnavailable', 503)],
    ['the image stored in the wrong region (not the photo’s fault)', cloud('InvalidImage.Region')],
    [
      'a platform refusal',
      new PlatformError({
        platform: 'wx',
        api: 'chooseMedia',
        reason: 'privacy-declined',
        detail: '',
        message: 'declined',
        hint: 'accept',
      }),
    ],
    ['a raw platform object', { errMsg: 'chooseMedia:fail' }],
  ])('%s: the same input may work again, so retry stays', (_name, err) => {
    expect(isRefusedInput(err)).toBe(false)
  })
})
