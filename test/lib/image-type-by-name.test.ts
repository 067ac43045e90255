import { describe, expect, it } from 'vitest'
import { guessType } from '../../src/lib/kit/image-input'
import { contentTypeOfPath } from '../../src/lib/image/limits'

// The kit and the app once kept two extension tables, and only the app's knew WEBP: a remote
// .webp image was then uploaded as image/jpeg, which SegmentCommonImage (it takes WEBP) misreads.
describe('one extension table', () => {
  it.each([
    ['https://cdn.example.com/a/photo.JPG?x-oss-process=1', 'image/jpeg'],
    ['wxfile://tmp/photo.jpeg', 'image/jpeg'],
    ['https://cdn.example.com/cut.png#frag', 'image/png'],
    ['https://cdn.example.com/anim.gif', 'image/gif'],
    ['https://cdn.example.com/scan.bmp', 'image/bmp'],
    ['https://cdn.example.com/shot.webp', 'image/webp'],
  ])('%s is %s', (path, type) => {
    expect(contentTypeOfPath(path)).toBe(type)
    expect(guessType(path, undefined, undefined, undefined)).toBe(type)
  })

  it('says nothing for a name that is not an image', () => {
    expect(contentTypeOfPath('https://cdn.example.com/readme.txt')).toBeUndefined()
    expect(contentTypeOfPath('https://cdn.example.com/no-extension')).toBeUndefined()
  })

  it('falls back to JPEG for a remote image with nothing else to go by', () => {
    expect(guessType('https://cdn.example.com/no-extension', undefined, undefined, undefined)).toBe('image/jpeg')
  })
})
