import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import type { AxeResults } from 'axe-core'

/** axe-core's browser bundle, injected into the page under test. */
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** The WCAG 2.0 and 2.1 level A and AA rules (axe-core tags, https://www.deque.com/axe/core-documentation/api-documentation/#axe-core-tags). */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** One failed rule, short enough to read in a test failure: the rule, its help and the elements. */
export interface Violation {
  rule: string
  help: string
  nodes: { target: string; summary: string }[]
}

/** Runs axe-core on the page as it is now and returns its WCAG 2 A/AA violations ([] when none). */
export async function wcagViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SOURCE })
  const results = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResults> } }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
      }),
    WCAG_AA_TAGS,
  )
  return results.violations.map((v) => ({
    rule: v.id,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
  }))
}
