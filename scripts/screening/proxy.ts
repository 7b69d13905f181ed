/** @module The hand-written proxy sets (test/fixtures/screening/proxy.jsonl): loading, and the items each case screens as (training and evaluation only). */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export type ProxyCase = {
  readonly text?: string
  /** A case that arrives as several fields of one request (an instruction split across fields). */
  readonly fields?: ReadonlyArray<{ location: string; text: string }>
  readonly label: string
  readonly family: string
  readonly lang: string
  readonly split: 'dev' | 'test'
}

export const PROXY_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/screening/proxy.jsonl')

export function loadProxy(path = PROXY_FILE): ProxyCase[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as ProxyCase)
}

/** The strings one case screens as: one item per field, or the text as one item. */
export function itemsOf(c: ProxyCase): { location: string; text: string }[] {
  return c.fields ? c.fields.map((f) => ({ ...f })) : [{ location: '/text', text: c.text ?? '' }]
}
