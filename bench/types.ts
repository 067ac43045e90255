/** One line of bench/results.md: what was measured, against what, and the ratio. */
export interface Row {
  section: string
  metric: string
  baseline: string
  ours: string
  /** e.g. "2.0× fewer", "25× faster"; empty when there is no meaningful ratio. */
  ratio: string
  target?: string
  /** Whether the target is met; undefined = no target. */
  pass?: boolean
}

/** A row maker for one section's rows that have no baseline and no ratio, only a measured value. */
export function measuredRow(section: string) {
  return (metric: string, ours: string, extra: Partial<Row> = {}): Row => ({ section, metric, baseline: '—', ours, ratio: '', ...extra })
}

export const fmt = {
  kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`,
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`,
  int: (n: number) => Math.round(n).toLocaleString('en-US'),
  x: (n: number) => `${n >= 10 ? n.toFixed(0) : n.toFixed(1)}×`,
}
