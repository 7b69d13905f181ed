#!/usr/bin/env node
/**
 * @module `npm run blocks`: runs the SQL in docs/analytics.md against the Analytics Engine SQL API and prints tables.
 * `npm run blocks -- --local` reads the security-event log of a running Tollgate instead (no
 * Cloudflare account: `npm start`, the admin API's /events), for local runs and the demo.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

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
    const toml = readFileSync(join(root, 'wrangler.toml'), 'utf8')
    return toml.match(/\[\[analytics_engine_datasets\]\][^[]*?dataset\s*=\s*"([^"]+)"/)?.[1]
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

const USAGE = `Usage:
  npm run blocks [-- <query-name>…]            Analytics Engine SQL (CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_API_TOKEN)
  npm run blocks -- --local [--url <edge>] [--minutes N] [--agent ID] [--code CODE]
                                               the security-event log of a running Tollgate (ADMIN_TOKEN,
                                               default from demo/demo.env; --url default http://127.0.0.1:8787)
Example: npm start & npm run demo; npm run blocks -- --local --minutes 30`

/** Counts by one field, biggest first. */
export function countBy(events, key) {
  const counts = new Map()
  for (const e of events) counts.set(e[key] ?? '', (counts.get(e[key] ?? '') ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).map(([k, n]) => ({ [key]: k === null ? '(none)' : k, events: n }))
}

async function local(args) {
  const flags = { url: process.env.TOLLGATE_URL ?? 'http://127.0.0.1:8787', minutes: '60' }
  const query = new URLSearchParams({ limit: '1000' })
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]
    const value = args[i + 1]
    if (!['--url', '--minutes', '--agent', '--code'].includes(flag) || value === undefined) {
      console.error(`npm run blocks: unknown or incomplete option ${flag}. ${USAGE.split('\n')[2].trim()}`)
      process.exit(2)
    }
    flags[flag.slice(2)] = value
    i++
  }
  if (!/^\d{1,6}$/.test(flags.minutes)) {
    console.error(`npm run blocks: --minutes must be a whole number, got ${JSON.stringify(flags.minutes)}`)
    process.exit(2)
  }
  query.set('minutes', flags.minutes)
  if (flags.agent) query.set('agent', flags.agent)
  if (flags.code) query.set('code', flags.code)
  let token = process.env.ADMIN_TOKEN
  if (!token) {
    try {
      token = readFileSync(join(root, 'demo', 'demo.env'), 'utf8').match(/^ADMIN_TOKEN=(.*)$/m)?.[1]
    } catch {}
  }
  const base = flags.url.replace(/\/+$/, '')
  let res
  try {
    res = await fetch(`${base}/_tollgate/admin/events?${query}`, { headers: { authorization: `Bearer ${token ?? ''}` } })
  } catch (error) {
    console.error(`npm run blocks: nothing answers at ${base} (${error instanceof Error ? error.message : String(error)}). Start it with npm start, or pass --url.`)
    process.exit(1)
  }
  const text = await res.text()
  if (!res.ok) {
    console.error(`npm run blocks: ${base} answered ${res.status}: ${text.slice(0, 300)}`)
    if (res.status === 401) console.error('Set ADMIN_TOKEN to the edge\'s admin token.')
    process.exit(1)
  }
  const body = JSON.parse(text)
  if (body.enabled === false) console.log('The security-event log is not bound on this edge (SECURITY_EVENT_LOG).')
  const events = Array.isArray(body.events) ? body.events : []
  console.log(`\nSecurity events in the last ${flags.minutes} minutes, by code  [event log, ${base}]\n${table(countBy(events, 'code'), ['code', 'events'])}`)
  console.log(`\nBy agent\n${table(countBy(events.filter((e) => e.agentId !== null), 'agentId'), ['agentId', 'events'])}`)
  const recent = events.slice(0, 25).map((e) => ({ time: new Date(e.at).toISOString().slice(11, 19), kind: e.kind, agent: e.agentId ?? '', code: e.code, endpoint: e.endpoint, reason: e.reason }))
  console.log(`\nMost recent (newest first)\n${table(recent, ['time', 'kind', 'agent', 'code', 'endpoint', 'reason'])}`)
  if (body.failed_shards > 0) console.error(`${body.failed_shards} of ${body.shards} event-log shards did not answer.`)
  process.exit(0)
}

async function main() {
  const args = process.argv.slice(2)
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE)
    process.exit(0)
  }
  if (args[0] === '--local') return local(args.slice(1))
  const bad = args.find((a) => a.startsWith('-'))
  if (bad) {
    console.error(`npm run blocks: unknown option ${bad} (try --help)`)
    process.exit(2)
  }
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
  const wanted = process.argv.slice(2)
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
