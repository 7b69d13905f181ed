/** @module `npm run blocks` against a local fake of the Analytics Engine SQL API: auth, SQL, table, errors. */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script without types
import { readQueries, table } from '../../../scripts/blocks.mjs'

type Run = { code: number | null; stdout: string; stderr: string }
const run = (env: Record<string, string | undefined>, args: string[] = []): Promise<Run> =>
  new Promise((resolve) => {
    execFile(process.execPath, ['scripts/blocks.mjs', ...args], { env: { PATH: process.env['PATH'], ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    )
  })

let server: Server
let base = ''
const seen: { path: string; auth: string | undefined; sql: string }[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let sql = ''
    req.on('data', (c: Buffer) => (sql += c.toString('utf8')))
    req.on('end', () => {
      seen.push({ path: req.url ?? '', auth: req.headers.authorization, sql })
      if (req.headers.authorization !== 'Bearer good-token') {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"message":"Authentication error"}]}')
        return
      }
      const rows = sql.includes('blob2 AS code')
        ? [{ code: 'AGENT_BLOCKED', denials: 42, by_risk_policy: 40 }, { code: 'ABNORMAL_USAGE', denials: 7, by_risk_policy: 0 }]
        : []
      const meta = sql.includes('blob2 AS code') ? [{ name: 'code' }, { name: 'denials' }, { name: 'by_risk_policy' }] : [{ name: 'agent' }]
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ meta, data: rows, rows: rows.length }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`
})
afterAll(() => server.close())

describe('npm run blocks', () => {
  it('reads the four documented queries from docs/analytics.md, all weighted by _sample_interval', () => {
    const queries = readQueries(readFileSync('docs/analytics.md', 'utf8')) as { name: string; sql: string }[]
    expect(queries.map((q) => q.name)).toEqual(['blocks-by-code', 'risky-agents', 'throttled-agents', 'findings-by-rule'])
    for (const q of queries) expect(q.sql).toContain('SUM(_sample_interval')
  })

  it('fails with a clear message, before any request, when credentials are missing', async () => {
    const before = seen.length
    const r = await run({ CLOUDFLARE_API_BASE_URL: base, CLOUDFLARE_API_TOKEN: 'good-token' })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('missing CLOUDFLARE_ACCOUNT_ID')
    expect(r.stderr).toContain('Account Analytics')
    expect(seen.length).toBe(before)
  })

  it('POSTs each query with the bearer token and prints readable tables', async () => {
    const before = seen.length
    const r = await run({ CLOUDFLARE_API_BASE_URL: base, CLOUDFLARE_ACCOUNT_ID: 'acct1', CLOUDFLARE_API_TOKEN: 'good-token' })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const calls = seen.slice(before)
    expect(calls).toHaveLength(4)
    for (const c of calls) {
      expect(c.path).toBe('/client/v4/accounts/acct1/analytics_engine/sql')
      expect(c.auth).toBe('Bearer good-token')
      expect(c.sql).toContain('FROM tollgate_security_events')
      expect(c.sql).toMatch(/FORMAT JSON$/)
    }
    expect(r.stdout).toContain('Blocks in the last hour, by code')
    expect(r.stdout).toMatch(/code\s+denials\s+by_risk_policy/)
    expect(r.stdout).toMatch(/AGENT_BLOCKED\s+42\s+40/)
    expect(r.stdout).toContain('(no rows)')
  })

  it('runs one query by name', async () => {
    const before = seen.length
    const r = await run({ CLOUDFLARE_API_BASE_URL: base, CLOUDFLARE_ACCOUNT_ID: 'acct1', CLOUDFLARE_API_TOKEN: 'good-token' }, ['risky-agents'])
    expect(r.code).toBe(0)
    expect(seen.slice(before)).toHaveLength(1)
    expect(r.stdout).toContain('Top risky agents')
  })

  it('reports an API error with its status, and exits non-zero', async () => {
    const r = await run({ CLOUDFLARE_API_BASE_URL: base, CLOUDFLARE_ACCOUNT_ID: 'acct1', CLOUDFLARE_API_TOKEN: 'bad-token' }, ['blocks-by-code'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('answered 401')
    expect(r.stderr).toContain('Authentication error')
    expect(r.stderr).not.toContain('bad-token')
  })

  it('table() aligns columns', () => {
    expect(table([{ a: 'x', n: 1.5 }], ['a', 'n'])).toBe('  a      n\n  -  -----\n  x  1.500')
  })
})

describe('npm run blocks -- --local', () => {
  let edge: Server
  let url = ''
  const asked: { path: string; auth: string | undefined }[] = []
  beforeAll(async () => {
    edge = createServer((req, res) => {
      asked.push({ path: req.url ?? '', auth: req.headers.authorization })
      if (req.headers.authorization !== 'Bearer local-admin-token-0123') return void res.writeHead(401, { 'content-type': 'application/problem+json' }).end('{"code":"ADMIN_UNAUTHORIZED"}')
      const at = Date.UTC(2026, 10, 28, 12, 0, 0)
      const events = [
        { kind: 'denial', code: 'RATE_LIMITED', agentId: 'demo-scraper', endpoint: 'GET /api/products/:id', reason: 'burst', requestId: 'r1', at, status: 429, risk: 0.3 },
        { kind: 'denial', code: 'AGENT_BLOCKED', agentId: 'demo-scraper', endpoint: 'GET /api/products/:id', reason: 'blocked', requestId: 'r2', at, status: 403, risk: 0.8 },
        { kind: 'denial', code: 'RATE_LIMITED', agentId: 'demo-shopper', endpoint: 'GET /api/products', reason: 'burst', requestId: 'r3', at, status: 429, risk: 0 },
        { kind: 'auth_failure', code: 'ADMIN_UNAUTHORIZED', agentId: null, endpoint: 'GET /_tollgate/admin/events', reason: 'admin_token_mismatch', requestId: 'r4', at, status: 401, risk: 0 },
      ]
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ events, shards: 5, failed_shards: 0, enabled: true }))
    })
    await new Promise<void>((r) => edge.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(edge.address() as AddressInfo).port}`
  })
  afterAll(() => edge.close())

  it('reads the event log of a running edge with the admin token and prints counts and the latest events', async () => {
    const r = await run({ ADMIN_TOKEN: 'local-admin-token-0123' }, ['--local', '--url', url, '--minutes', '30', '--agent', 'demo-scraper'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(asked.at(-1)).toEqual({ path: '/_tollgate/admin/events?limit=1000&minutes=30&agent=demo-scraper', auth: 'Bearer local-admin-token-0123' })
    expect(r.stdout).toMatch(/RATE_LIMITED\s+2/)
    expect(r.stdout).toMatch(/demo-scraper\s+2/)
    expect(r.stdout).toContain('Most recent')
    expect(r.stdout).toContain('admin_token_mismatch')
  })

  it('a wrong admin token is reported with the status, exit 1', async () => {
    const r = await run({ ADMIN_TOKEN: 'nope' }, ['--local', '--url', url])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('answered 401')
    expect(r.stderr).not.toContain('nope')
  })

  it('bad options are one line and exit 2; --help prints usage', async () => {
    expect((await run({}, ['--local', '--minutes', 'soon'])).code).toBe(2)
    const unknown = await run({}, ['--local', '--since', '5'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1)
    const help = await run({}, ['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--local')
  })

  it('nothing listening: a clear message, exit 1', async () => {
    const r = await run({ ADMIN_TOKEN: 'x' }, ['--local', '--url', 'http://127.0.0.1:1'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('nothing answers')
  })
})
