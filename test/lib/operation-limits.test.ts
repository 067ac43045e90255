// Input limits are declared once, on the operation. Two places still hold their own copy, on
// purpose or for now, and these checks keep them equal to the declaration: the emulator (the other
// side of the wire, so its action table is its own — an independent check, not a reader) and the
// kit's text check for moderation.
import { describe, expect, it } from 'vitest'
import { resolveOptions } from '../../emulator/config'
import { findAction } from '../../emulator/rpc/actions'
import { IMM_RAM_ACTION, FACES_INPUT } from '../../emulator/rpc/actions/detect-image-faces'
import { BANK_CARD_INPUT } from '../../emulator/rpc/actions/recognize-bank-card'
import { SEGMENT_INPUT } from '../../emulator/rpc/actions/segment-common-image'
import type { InputImageRules } from '../../emulator/rpc/image-source'
import { CLIENT_OPERATIONS, createViapiKit, textModerationPlusOperation } from '../../src/lib'
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
    const bounds = (x: Partial<Record<'minWidth' | 'minHeight' | 'maxWidth' | 'maxHeight' | 'maxPixels', number>>) => [x.minWidth, x.minHeight, x.maxWidth, x.maxHeight, x.maxPixels]
    expect(bounds(rules)).toEqual(bounds(l))
    expect(rules.pngBitsPerPixel).toEqual(l.pngBitsPerPixel)
  })
})

describe('the kit checks text against the declared maxTextLength', () => {
  const max = textModerationPlusOperation.maxTextLength!
  const kit = createViapiKit({ transport: createScriptedTransport().transport, grants: () => Promise.reject(new Error('no grant here')), grantAttempts: 1, sleep: async () => {} })

  it(`refuses ${max + 1} characters before any request`, async () => {
    await expect(kit.moderateText('x'.repeat(max + 1))).rejects.toMatchObject({ code: 'TextTooLong' })
  })

  it(`takes ${max} characters (then needs a grant)`, async () => {
    await expect(kit.moderateText('x'.repeat(max))).rejects.not.toMatchObject({ code: 'TextTooLong' })
  })
})
