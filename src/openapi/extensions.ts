/**
 * @module `x-tollgate-*` extensions: route policy written in the OpenAPI document itself. Pure.
 *
 * One table names every extension and checks its value, so adding one is one entry. Unknown
 * `x-tollgate-*` keys are errors (a typo must not silently drop a policy).
 */
import type { Issue, Json } from './schema'

export type Extensions = {
  scopes?: string[]
  cost?: number
  screening?: 'block' | 'log' | 'off'
  failMode?: 'closed' | 'open'
  ignore?: boolean
  /** DLP route fields (src/config/dlp.ts), passed through; the route schema checks them at load. */
  dlp?: Json
  records_per_day?: Json
}

type Spec = { readonly key: keyof Extensions; readonly describe: string; readonly parse: (v: Json) => Extensions[keyof Extensions] | undefined }

const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/

export const EXTENSIONS: Readonly<Record<string, Spec>> = {
  'x-tollgate-scopes': { key: 'scopes', describe: 'an array of scope tokens (replaces the security requirements)', parse: (v) => (Array.isArray(v) && v.every((s) => typeof s === 'string' && SCOPE.test(s)) ? (v as string[]) : undefined) },
  'x-tollgate-cost': { key: 'cost', describe: 'an integer 0–100000 (budget units)', parse: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 100_000 ? v : undefined) },
  'x-tollgate-screening': { key: 'screening', describe: '"block", "log" or "off"', parse: (v) => (v === 'block' || v === 'log' || v === 'off' ? v : undefined) },
  'x-tollgate-fail-mode': { key: 'failMode', describe: '"closed" or "open"', parse: (v) => (v === 'closed' || v === 'open' ? v : undefined) },
  'x-tollgate-dlp': { key: 'dlp', describe: '"off" or an object of DLP category → action (docs/dlp.md)', parse: (v) => (v === 'off' || (typeof v === 'object' && v !== null && !Array.isArray(v)) ? v : undefined) },
  'x-tollgate-records-per-day': { key: 'records_per_day', describe: 'an object of DLP category → records per day (docs/dlp.md)', parse: (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined) },
  'x-tollgate-ignore': { key: 'ignore', describe: 'true to leave the operation out of the table (then it is denied)', parse: (v) => (typeof v === 'boolean' ? v : undefined) },
}

export function extensionsAt(node: { [k: string]: Json }, pointer: string, issues: Issue[]): Extensions {
  const out: Extensions = {}
  for (const [k, v] of Object.entries(node)) {
    if (!k.startsWith('x-tollgate-')) continue
    const at = `${pointer}/${k}`
    const spec = EXTENSIONS[k]
    if (!spec) {
      issues.push({ level: 'error', pointer: at, message: `unknown extension (known: ${Object.keys(EXTENSIONS).join(', ')})` })
      continue
    }
    const parsed = spec.parse(v)
    if (parsed === undefined) issues.push({ level: 'error', pointer: at, message: `expected ${spec.describe}` })
    else (out as Record<string, unknown>)[spec.key] = parsed
  }
  return out
}
