import type { Row } from './types'

const HEADER = ['| section | metric | baseline | ours | ratio | target | met |', '| --- | --- | --- | --- | --- | --- | --- |']

/** The rows as the Markdown table of bench/results.md (a `|` inside a cell is escaped). */
export function formatTable(rows: Row[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|')
  const lines = rows.map((r) => {
    const met = r.pass === undefined ? '' : r.pass ? 'yes' : '**no**'
    return `| ${[r.section, r.metric, r.baseline, r.ours, r.ratio, r.target ?? '', met].map(cell).join(' | ')} |`
  })
  return [...HEADER, ...lines].join('\n')
}

/** The rows of the table in a results.md written by `formatTable` (so a partial run can keep the others). */
export function parseTable(md: string): Row[] {
  return md
    .split('\n')
    .filter((line) => line.startsWith('| ') && !HEADER.includes(line))
    .map((line) => {
      const [section, metric, baseline, ours, ratio, target, met] = line
        .slice(2, -2)
        .split(' | ')
        .map((c) => c.replace(/\\\|/g, '|'))
      return { section, metric, baseline, ours, ratio, ...(target ? { target } : {}), ...(met ? { pass: met === 'yes' } : {}) }
    })
}
