import type { ImageLimits } from '../../src/lib/image/limits'
import type { Operation, TextLengthLimits } from '../../src/lib/operations'

type Described = Pick<
  Operation<never, unknown>,
  'product' | 'action' | 'version' | 'ramAction' | 'ramScope' | 'imageLimits' | 'maxTextLength' | 'reference' | 'unverifiedLimits'
>

const MB = 1024 * 1024
const thousands = (n: number): string => (n < 10_000 ? String(n) : String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','))
const bytes = (n: number): string => (n % MB === 0 ? `${n / MB} MB` : n % 1024 === 0 ? `${n / 1024} KB` : `${thousands(n)} bytes`)

function formats(l: ImageLimits): string {
  return l.formats
    .map((f) => (f === 'png' && l.pngBitsPerPixel ? `PNG (${l.pngBitsPerPixel.join('/')}-bit only)` : f.toUpperCase()))
    .join(', ')
}

function pixels(l: ImageLimits): string {
  const parts: string[] = []
  if (l.minWidth !== undefined || l.minHeight !== undefined) parts.push(`≥ ${l.minWidth ?? 1}×${l.minHeight ?? 1}`)
  if (l.maxWidth !== undefined && l.maxWidth === l.maxHeight) parts.push(`≤ ${thousands(l.maxWidth)} px a side`)
  else if (l.maxWidth !== undefined || l.maxHeight !== undefined) parts.push(`≤ ${l.maxWidth ?? '∞'}×${l.maxHeight ?? '∞'}`)
  if (l.maxPixels !== undefined) parts.push(`≤ ${thousands(l.maxPixels / 1e6)} MP`)
  return parts.length > 0 ? parts.join(', ') : 'pixels not documented'
}

/**
 * The per-service text limits as one cell: "text ≤ 2000 characters (`a`), ≤ 5000 (`b`); no limit
 * documented for other services" (or "≤ N for other services" when a default is declared).
 */
export function textLimits(limits: TextLengthLimits): string {
  const named = Object.entries(limits.byService).map(
    ([service, max], i) => `≤ ${thousands(max)}${i === 0 ? ' characters' : ''} (\`${service}\`)`,
  )
  if (named.length === 0)
    return limits.default !== undefined ? `text ≤ ${thousands(limits.default)} characters` : 'text, no limit documented'
  const others =
    limits.default !== undefined ? `≤ ${thousands(limits.default)} for other services` : 'no limit documented for other services'
  return `text ${named.join(', ')}; ${others}`
}

function input(op: Described): string {
  const l = op.imageLimits
  const described = l
    ? `${formats(l)}; ≤ ${bytes(l.maxBytes)}; ${pixels(l)}`
    : op.maxTextLength !== undefined
      ? textLimits(op.maxTextLength)
      : '—'
  return op.unverifiedLimits ? `${described} (unverified)` : described
}

function grantedOn(op: Described): string {
  return op.ramScope === 'imm-project' ? '`acs:imm:<region>:<account>:project/<IMM_PROJECT>`' : '`*`'
}

/**
 * The operations table of docs/operations.md, one row per declaration: what the API is, what RAM grants it on
 * what, who signs it, what input it takes and where that was read. `clientOperations` are the ones
 * the phone calls with the user's STS token; the others need a server's own key.
 */
export function renderOperationsTable(operations: readonly Described[], clientOperations: readonly Described[]): string {
  const rows = operations.map((op) =>
    [
      `\`${op.action}\``,
      `\`${op.product}\` ${op.version}`,
      `\`${op.ramAction}\``,
      grantedOn(op),
      clientOperations.includes(op) ? 'phone (user STS token)' : 'server key only',
      input(op),
      op.imageLimits ? `${op.imageLimits.targetLongSide} px` : '—',
      op.reference ? `[API reference](${op.reference})` : '—',
    ].join(' | '),
  )
  return [
    '| API | product (endpoint key), version | RAM action | granted on | signed with | input | prepared to (long side) | read from |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n')
}
