// The emulator's TextModerationPlus refuses over-long content per Service, as the cloud documents it
// (https://help.aliyun.com/document_detail/2671445.html: llm_query_moderation 2000, llm_response_moderation
// 5000), and takes any length for a service whose limit no vendor page states (the cloud decides).
import { describe, expect, it } from 'vitest'
import type { RunningEmulator } from '../../emulator/index'
import { useEmulator } from '../support/use-emulator'
import { rootKeys, rpcV1 } from './helpers'

let emu: RunningEmulator
useEmulator((e) => (emu = e))

const moderate = (service: string, content: string) =>
  rpcV1(emu, {
    action: 'TextModerationPlus',
    version: '2022-03-02',
    keys: rootKeys(emu),
    method: 'POST',
    params: { Service: service, ServiceParameters: JSON.stringify({ content }) },
  })

describe('TextModerationPlus content length by Service', () => {
  it.each([
    ['llm_query_moderation', 2000],
    ['llm_response_moderation', 5000],
  ])('%s: takes %i characters and refuses one more', async (service, max) => {
    const ok = await moderate(service, 'x'.repeat(max))
    expect(ok.status).toBe(200)
    expect(ok.body.Code).toBe(200)
    const over = await moderate(service, 'x'.repeat(max + 1))
    expect(over.status).toBe(400)
    expect(over.body.Code).toBe('InvalidParameter')
    expect(over.body.Message).toContain(String(max))
  })

  it('takes 1500 characters for llm_query_moderation (more than the 600 it used to refuse above)', async () => {
    const r = await moderate('llm_query_moderation', 'x'.repeat(1500))
    expect(r.status).toBe(200)
    expect(r.body.Data.RiskLevel).toBe('none')
  })

  it.each(['comment_detection_pro', 'chat_detection_pro', 'nickname_detection_pro', 'ugc_moderation_byllm'])(
    '%s: no documented limit, so text over 600 characters is answered',
    async (service) => {
      const r = await moderate(service, `${'x'.repeat(600)} gamble`)
      expect(r.status).toBe(200)
      expect(r.body.Data.RiskLevel).toBe('high')
    },
  )
})
