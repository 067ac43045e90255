import { ensureBuilt, TARGETS } from './build/ensure-built'

/** Build tests read real Taro output; build each target once (skipped when sources are unchanged). */
export default function setup(): void {
  for (const target of TARGETS) ensureBuilt(target)
}
