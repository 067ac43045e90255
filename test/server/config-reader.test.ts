import { describe, expect, it } from 'vitest'
import { ConfigReader, isHttpOrigin } from '../../server/config/reader'

// The shared validators behind every config section; messages are asserted through loadConfig in
// config.test.ts, here each validator's rule and its fallback.
describe('ConfigReader', () => {
  it('reads APP_MODE first and treats blank as unset', () => {
    expect(new ConfigReader({}).mode).toBe('emulator')
    expect(new ConfigReader({ APP_MODE: ' cloud ' }).cloud).toBe(true)
    const bad = new ConfigReader({ APP_MODE: 'prod', X: '  ' })
    expect(bad.mode).toBe('emulator')
    expect(bad.get('X')).toBeUndefined()
    expect(bad.problems).toEqual(['APP_MODE: "prod" is not valid; set APP_MODE=emulator (local) or APP_MODE=cloud'])
  })

  it('int, oneOf and flag fall back to the default and record one problem each', () => {
    const r = new ConfigReader({ N: '12', M: '-1', E: 'maybe', F: 'yes' })
    expect(r.int('N', 5, 0, 20)).toBe(12)
    expect(r.int('M', 5, 0, 20)).toBe(5)
    expect(r.int('UNSET', 5, 0, 20)).toBe(5)
    expect(r.oneOf('E', ['on', 'off'], 'on')).toBe('on')
    expect(r.flag('F', false)).toBe(false)
    expect(r.problems).toEqual([
      'M: "-1" is not valid; set an integer from 0 to 20 (default 5)',
      'E: "maybe" is not valid; set on or off',
      'F: set true or false',
    ])
  })

  it('orEmulator defaults only in emulator mode', () => {
    expect(new ConfigReader({}).orEmulator('A', 'dev')).toBe('dev')
    expect(new ConfigReader({ APP_MODE: 'cloud' }).orEmulator('A', 'dev')).toBeUndefined()
  })

  it('bothOrNeither accepts a pair or nothing', () => {
    const r = new ConfigReader({})
    expect(r.bothOrNeither('ID', 'SECRET', 'i', 's')).toEqual({ id: 'i', secret: 's' })
    expect(r.bothOrNeither('ID', 'SECRET', undefined, undefined)).toBeUndefined()
    expect(r.problems).toEqual([])
    expect(r.bothOrNeither('ID', 'SECRET', 'i', undefined)).toBeUndefined()
    expect(r.problems).toEqual(['ID / SECRET: set both or neither'])
  })

  it('url strips trailing slashes and wants https only in cloud mode', () => {
    expect(new ConfigReader({}).url('U', 'http://a.example.com//')).toBe('http://a.example.com')
    const cloud = new ConfigReader({ APP_MODE: 'cloud' })
    cloud.url('U', 'http://a.example.com')
    cloud.url('LOCAL', 'http://127.0.0.1:9100', false)
    expect(cloud.problems).toEqual(['U: must use https:// when APP_MODE=cloud (got "http://a.example.com")'])
  })

  it('matches names the variable and echoes the value', () => {
    const r = new ConfigReader({})
    expect(r.matches('B', 'ok', /^[a-z]+$/, 'is not lowercase')).toBe(true)
    expect(r.matches('B', 'No', /^[a-z]+$/, 'is not lowercase')).toBe(false)
    expect(r.problems).toEqual(['B: "No" is not lowercase'])
  })

  it('isHttpOrigin accepts a bare http(s) origin only', () => {
    expect(isHttpOrigin('https://a.example.com')).toBe(true)
    expect(isHttpOrigin('https://a.example.com/')).toBe(false)
    expect(isHttpOrigin('*')).toBe(false)
    expect(isHttpOrigin('ftp://a.example.com')).toBe(false)
  })
})
