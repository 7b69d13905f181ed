#!/usr/bin/env node
/** @module `npm run blocks`: runs the SQL in docs/analytics.md against the Analytics Engine SQL API and prints tables. */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseCli } from './lib/cli.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const DOC = join(root, 'docs', 'analytics.md')

/** Every ```sql block whose first line is `-- query: <name> — <title>` (docs/analytics.md is the single source). */
export function readQueries(markdown) {
  const out = []
  for (const m of markdown.matchAll(/```sql\n([\s\S]*?)```/g)) {
    const sql = m[1] ?? ''
    const head = sql.match(/^-- query: ([\w-]+) — (.+)$/m)
    if (head) out.push({ name: head[1], title: head[2].trim(), sql: sql.replace(/^--.*\n/gm, '').trim() })
  }
  return out
}

function datasetFromWrangler() {
  try {
    // The production config's dataset (the first one: top level).
    return readFileSync(join(root, 'wrangler.jsonc'), 'utf8').match(/"dataset"\s*:\s*"([^"]+)"/)?.[1]
  } catch {
    return undefined
  }
}

/** Renders rows as an aligned text table; numbers are right-aligned and rounded for reading. */
export function table(rows, columns) {
  if (rows.length === 0) return '  (no rows)'
  const cell = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : v === null || v === undefined ? '' : String(v))
  const numeric = columns.map((c) => rows.every((r) => typeof r[c] === 'number' || /^-?\d+(\.\d+)?$/.test(String(r[c] ?? ''))))
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)))
  const line = (vals) => '  ' + vals.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ')
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n')
}

async function main() {
  const { positionals } = parseCli({
    name: 'blocks',
    usage: 'npm run blocks -- [QUERY_NAME …]',
    about: 'Runs the SQL of docs/analytics.md against the Analytics Engine SQL API (needs CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN; TOLLGATE_DATASET overrides the dataset).',
    example: 'CLOUDFLARE_ACCOUNT_ID=abc123 CLOUDFLARE_API_TOKEN=… npm run blocks -- top-blocked-agents',
    allowPositionals: true,
  })
  const account = process.env.CLOUDFLARE_ACCOUNT_ID
  const token = process.env.CLOUDFLARE_API_TOKEN
  const missing = [!account && 'CLOUDFLARE_ACCOUNT_ID', !token && 'CLOUDFLARE_API_TOKEN'].filter(Boolean)
  if (missing.length > 0) {
    console.error(`npm run blocks: missing ${missing.join(' and ')}.`)
    console.error('Set CLOUDFLARE_ACCOUNT_ID (dashboard → account home) and CLOUDFLARE_API_TOKEN (a token with Account · Account Analytics · Read).')
    console.error('Example: CLOUDFLARE_ACCOUNT_ID=abc123 CLOUDFLARE_API_TOKEN=… npm run blocks')
    process.exit(2)
  }
  const base = (process.env.CLOUDFLARE_API_BASE_URL ?? 'https://api.cloudflare.com/client/v4').replace(/\/+$/, '')
  const dataset = process.env.TOLLGATE_DATASET ?? datasetFromWrangler() ?? 'tollgate_security_events'
  if (!/^[A-Za-z0-9_]+$/.test(dataset)) {
    console.error(`npm run blocks: TOLLGATE_DATASET must be a dataset name (letters, digits, _), got ${JSON.stringify(dataset)}`)
    process.exit(2)
  }
  const wanted = positionals
  const all = readQueries(readFileSync(DOC, 'utf8'))
  const queries = wanted.length > 0 ? all.filter((q) => wanted.includes(q.name)) : all
  if (queries.length === 0) {
    console.error(`npm run blocks: no query named ${wanted.join(', ')}. Known: ${all.map((q) => q.name).join(', ')}`)
    process.exit(2)
  }
  const url = `${base}/accounts/${encodeURIComponent(account)}/analytics_engine/sql`
  let failed = false
  for (const q of queries) {
    const sql = `${q.sql.replaceAll('tollgate_security_events', dataset)}\nFORMAT JSON`
    let res
    try {
      res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, body: sql })
    } catch (error) {
      console.error(`${q.title}: cannot reach ${base} (${error instanceof Error ? error.message : String(error)})`)
      failed = true
      continue
    }
    const text = await res.text()
    if (!res.ok) {
      console.error(`${q.title}: the SQL API answered ${res.status}: ${text.slice(0, 500)}`)
      if (res.status === 401 || res.status === 403) console.error('Check that CLOUDFLARE_API_TOKEN has Account · Account Analytics · Read on this account.')
      failed = true
      continue
    }
    let body
    try {
      body = JSON.parse(text)
    } catch {
      console.error(`${q.title}: the SQL API answered something that is not JSON: ${text.slice(0, 200)}`)
      failed = true
      continue
    }
    const rows = Array.isArray(body.data) ? body.data : []
    const columns = Array.isArray(body.meta) ? body.meta.map((m) => m.name) : Object.keys(rows[0] ?? {})
    console.log(`\n${q.title}  [${q.name}]\n${table(rows, columns)}`)
  }
  process.exit(failed ? 1 : 0)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main()
