/**
 * @module The sealed sets (test/fixtures/screening/sealed-{a,b}.jsonl; training-only loader): two
 * sets of 300 hand-written cases modelled on the description of the hidden sets, written by
 * another author for this project. They are the honest stand-in for the hidden sets: nothing is
 * trained or tuned on them and their texts are not read by people working on the screen; the
 * evaluation prints only counts (tables.ts).
 */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TableCase } from './tables'

type SealedRow = { text: string; label: 'attack' | 'benign'; kind: string; family: string; lang: string; genre: string }

export const SEALED_SETS = ['a', 'b'] as const
const HERE = dirname(fileURLToPath(import.meta.url))
export const sealedFile = (set: string): string => resolve(HERE, `../../test/fixtures/screening/sealed-${set}.jsonl`)

/** One sealed set as table cases, grouped by family and by language. */
export function loadSealed(set: (typeof SEALED_SETS)[number]): TableCase[] {
  return readFileSync(sealedFile(set), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SealedRow)
    .map((r) => ({ attack: r.label === 'attack', groups: [`family=${r.family}`, `lang=${r.lang}`], items: [{ location: '/text', text: r.text }] }))
}
