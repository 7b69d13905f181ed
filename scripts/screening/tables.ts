/** @module Grouped detection tables for the evaluation (training-only): attacks blocked and benign FPR per group of hand-written cases. */
import type { ScreenResult } from '../../src/screening/types'

/** One case as the tables see it: attack or benign, the groups it counts in, and the strings it screens as. */
export type TableCase = { readonly attack: boolean; readonly groups: readonly string[]; readonly items: ReadonlyArray<{ location: string; text: string }> }

type Tally = { n: number; blocked: number; flagged: number }

/**
 * Screen every case once and tally it under each of its groups (and `ALL`). Rows: group, kind,
 * n, metric (`blocked` for attacks, `FPR` for benign), share blocked, share flagged. Only counts
 * leave this function: no case text is ever printed (the sealed sets must stay unread).
 */
export function groupedRows(cases: readonly TableCase[], screen: (items: TableCase['items']) => ScreenResult, pct: (a: number, n: number) => string): string[][] {
  const tallies = new Map<string, Tally>()
  for (const c of cases) {
    const r = screen(c.items)
    const kind = c.attack ? 'attack' : 'benign'
    for (const g of [...c.groups, 'ALL']) {
      const key = `${g}\t${kind}`
      const t = tallies.get(key) ?? { n: 0, blocked: 0, flagged: 0 }
      t.n++
      if (r.verdict === 'block') t.blocked++
      if (r.verdict === 'flag') t.flagged++
      tallies.set(key, t)
    }
  }
  const order = (k: string): number => (k.startsWith('ALL\t') ? 0 : k.startsWith('family=') ? 1 : 2)
  return [...tallies]
    .sort(([a], [b]) => order(a) - order(b) || (a.split('\t')[1] as string).localeCompare(b.split('\t')[1] as string) || a.localeCompare(b))
    .map(([k, t]) => {
      const [group, kind] = k.split('\t') as [string, string]
      return [group, kind, String(t.n), kind === 'attack' ? 'blocked' : 'FPR', pct(t.blocked, t.n), pct(t.flagged, t.n)]
    })
}

export const GROUPED_HEADER = ['group', 'kind', 'n', 'metric', 'screen', 'flag rate'] as const
