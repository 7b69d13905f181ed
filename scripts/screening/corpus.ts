/**
 * @module The hand-written training corpus (scripts/screening/data/batch-*.jsonl; training-only
 * loader): about 3,000 labelled rows in eleven languages written for this project by two authors
 * (attack families and hard benign negatives across chat, documents, tickets, e-mails, tool
 * arguments, code and logs). Our own text, so it lives in the repository and a clean clone retrains.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export type CorpusRow = { text: string; label: 'injection' | 'jailbreak' | 'benign'; family: string; lang: string; genre: string; source: string }

export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'data')
/** Source name the corpus rows carry in training (not a public source: it gets no leave-one-out fold). */
export const CORPUS_SOURCE = 'corpus'

export function loadCorpus(dir = CORPUS_DIR): CorpusRow[] {
  const rows: CorpusRow[] = []
  for (const f of readdirSync(dir).filter((n) => /^batch-\d+\.jsonl$/.test(n)).sort())
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n'))
      if (line.trim()) rows.push({ ...(JSON.parse(line) as Omit<CorpusRow, 'source'>), source: CORPUS_SOURCE })
  return rows
}
