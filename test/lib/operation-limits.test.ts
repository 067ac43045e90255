// Input limits are declared once, on the operation. Two places still hold their own copy, on
// purpose or for now, and these checks keep them equal to the declaration: the emulator (the other
// side of the wire, so its action table is its own — an independent check, not a reader) and the
// kit's text check for moderation (per Service).
import { describe, expect, it } from 'vitest'
import { resolveOptions } from '../../emulator/config'
import { findAction } from '../../emulator/rpc/actions'
import { IMM_RAM_ACTION, FACES_INPUT } from '../../emulator/rpc/actions/detect-image-faces'
import { BANK_CARD_INPUT } from '../../emulator/rpc/actions/recognize-bank-card'
import { SEGMENT_INPUT } from '../../emulator/rpc/actions/segment-common-image'
import type { InputImageRules } from '../../emulator/rpc/image-source'
import { MODERATION_CONTENT_LIMITS, MODERATION_SERVICES } from '../../emulator/rpc/actions/text-moderation-plus'
import { CLIENT_OPERATIONS, createViapiKit, InputError, moderateText, textModerationPlusOperation } from '../../src/lib'
import { maxTextLengthFor } from '../../src/lib/operations'
import { createScriptedTransport } from '../fakes/scripted-transport'

const EMULATOR_RULES: Record<string, InputImageRules> = {
  RecognizeBankCard: BANK_CARD_INPUT,
  SegmentCommonImage: SEGMENT_INPUT,
  DetectImageFaces: FACES_INPUT,
}

// A new operation needs no emulator handler (add-operation.test.ts): only the ones it answers are compared.
const answered = CLIENT_OPERATIONS.filter((op) => findAction(op.action))

describe('the emulator answers the client operations it knows as declared', () => {
  it('knows the four the app ships', () => {
    expect(answered.length).toBeGreaterThanOrEqual(4)
  })

  it.each(answered.map((op) => [op.action, op] as const))('%s: same version and RAM action', (_, op) => {
    const action = findAction(op.action)!
    expect(action.version).toBe(op.version)
    // IMM checks its per-project action inside the handler, not through the generic `…:*` check.
    expect(action.ramAction ?? (op.ramScope === 'imm-project' ? IMM_RAM_ACTION : undefined)).toBe(op.ramAction)
  })

  it.each(answered.filter((op) => op.imageLimits).map((op) => [op.action, op] as const))('%s: the same image limits', (_, op) => {
    const rules = EMULATOR_RULES[op.action]
    const l = op.imageLimits!
    expect(rules, `no emulator input rules for ${op.action}`).toBeDefined()
    expect([...rules.formats].sort()).toEqual([...l.formats].sort())
    expect(rules.maxBytes ?? resolveOptions().maxImageBytes).toBe(l.maxBytes)
    const bounds = (x: Partial<Record<'minWidth' | 'minHeight' | 'maxWidth' | 'maxHeight' | 'maxPixels', number>>) => [
      x.minWidth,
      x.minHeight,
      x.maxWidth,
      x.maxHeight,
      x.maxPixels,
    ]
    expect(bounds(rules)).toEqual(bounds(l))
    expect(rules.pngBitsPerPixel).toEqual(l.pngBitsPerPixel)
  })
})

describe('the kit checks text against the declared maxTextLength, per Service', () => {
  const kit = createViapiKit({
    transport: createScriptedTransport().transport,
    grants: () => Promise.reject(new Error('no grant here')),
    grantAttempts: 1,
    sleep: async () => {},
  })
  const tooLong = (text: string, service?: string) => moderateText(kit, text, service ? { service } : {}).catch((e) => e)

  // https://help.aliyun.com/document_detail/2671445.html (面向大语言模型的文本审核PLUS服务, 接口功能).
  it.each([
    ['llm_query_moderation', 2000],
    ['llm_response_moderation', 5000],
  ])('%s: takes %i characters, refuses one more before any request with a typed InputError', async (service, max) => {
    const over = await tooLong('x'.repeat(max + 1), service)
    expect(over).toBeInstanceOf(InputError)
    expect(over).toMatchObject({ code: 'TextTooLong' })
    expect(over.message).toContain(String(max))
    expect(await tooLong('x'.repeat(max), service)).not.toMatchObject({ code: 'TextTooLong' })
  })

  it('takes 1500 characters for llm_query_moderation (the cloud accepts up to 2000)', async () => {
    expect(await tooLong('x'.repeat(1500), 'llm_query_moderation')).not.toMatchObject({ code: 'TextTooLong' })
  })

  it.each([undefined, 'comment_detection_pro', 'chat_detection_pro', 'nickname_detection_pro', 'ugc_moderation_byllm'])(
    '%s: no vendor page states a limit, so the kit leaves long text to the cloud',
    async (service) => {
      expect(await tooLong('x'.repeat(601), service)).not.toMatchObject({ code: 'TextTooLong' })
      expect(await tooLong('x'.repeat(20_000), service)).not.toMatchObject({ code: 'TextTooLong' })
    },
  )

  it('empty text is still refused before any request', async () => {
    expect(await tooLong('   ', 'llm_query_moderation')).toMatchObject({ code: 'EmptyText' })
  })
})

describe('the emulator refuses the content lengths the operation declares, and no others', () => {
  const declared = textModerationPlusOperation.maxTextLength!

  it('declares the two documented services and no default', () => {
    expect(declared.byService).toEqual({ llm_query_moderation: 2000, llm_response_moderation: 5000 })
    expect(declared.default).toBeUndefined()
  })

  it('the emulator has its own table, equal to the declaration', () => {
    expect(MODERATION_CONTENT_LIMITS).toEqual(declared.byService)
  })

  it.each(MODERATION_SERVICES.map((s) => [s]))('%s: same limit on both sides', (service) => {
    expect(MODERATION_CONTENT_LIMITS[service]).toBe(maxTextLengthFor(textModerationPlusOperation, service))
  })
})
