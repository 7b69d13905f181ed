/** The overview's Analytics Engine SQL path against a local fake of the SQL API (as blocks-script.test.ts does). */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyticsOverview, AnalyticsError, overviewQueries } from '../../../src/console/analytics'
import { bucketsFor } from '../../../src/console/summary'

const NOW = Date.UTC(2026, 10, 28, 12, 2, 0)
let server: Server
let base = ''
const seen: { path: string; auth: string | undefined; sql: string }[] = []
let mode: 'ok' | 'html' | 'fail' = 'ok'

beforeAll(async () => {
  const [first = 0, second = 0] = bucketsFor(NOW).buckets.slice(-2)
  server = createServer((req, res) => {
    let sql = ''
    req.on('data', (c: Buffer) => (sql += c.toString('utf8')))
    req.on('end', () => {
      seen.push({ path: req.url ?? '', auth: req.headers.authorization, sql })
      if (req.headers.authorization !== 'Bearer good-token-0123456789abcdef' || mode === 'fail') {
        res.writeHead(403, { 'content-type': 'application/json' }).end('{"errors":[{"message":"Authentication error"}]}')
        return
      }
      if (mode === 'html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>')
      // 64-bit counts arrive quoted, as ClickHouse's JSON format does.
      const data = sql.includes('blob2 AS code')
        ? [{ t: String(first / 1000), code: 'RATE_LIMITED', n: '7' }, { t: String(second / 1000), code: 'AGENT_BLOCKED', n: '3' }, { t: '12', code: 'OLD', n: '99' }]
        : sql.includes('index1 AS agent')
          ? [{ agent: 'agent-a', n: '9', risk: 0.2 }, { agent: 'agent-b', n: '1', risk: 0.9 }]
          : [{ endpoint: 'GET /api/products/:id', n: '10' }]
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ meta: [], data, rows: data.length }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

const cfg = () => ({ accountId: '0123456789abcdef0123456789abcdef', token: 'good-token-0123456789abcdef', dataset: 'tollgate_security_events', apiBase: base })

describe('analyticsOverview', () => {
  it('posts each query with the token to the account SQL endpoint and reduces the rows', async () => {
    mode = 'ok'
    seen.length = 0
    const o = await analyticsOverview(cfg(), NOW)
    expect(seen).toHaveLength(3)
    for (const s of seen) {
      expect(s.path).toBe('/client/v4/accounts/0123456789abcdef0123456789abcdef/analytics_engine/sql')
      expect(s.auth).toBe('Bearer good-token-0123456789abcdef')
      expect(s.sql).toContain('SUM(_sample_interval)')
      expect(s.sql).toContain('FROM tollgate_security_events')
    }
    expect(o.source).toBe('analytics-engine')
    expect(o.series.map((p) => [p.code, p.count])).toEqual([
      ['RATE_LIMITED', 7],
      ['AGENT_BLOCKED', 3],
    ])
    expect(o.total).toBe(10)
    expect(o.byAgent.map((r) => r.key)).toEqual(['agent-a', 'agent-b'])
    expect(o.byRisk.map((r) => r.key)).toEqual(['agent-b', 'agent-a'])
    expect(o.byEndpoint).toEqual([{ key: 'GET /api/products/:id', count: 10 }])
  })

  it('a refused token is an AnalyticsError naming the fix, never the token', async () => {
    mode = 'ok'
    const error = await analyticsOverview({ ...cfg(), token: 'wrong-token-0123456789abcdef' }, NOW).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AnalyticsError)
    expect(String(error)).toContain('403')
    expect(String(error)).toContain('ANALYTICS_API_TOKEN')
    expect(String(error)).not.toContain('wrong-token')
  })

  it('an answer that is not JSON is an AnalyticsError', async () => {
    mode = 'html'
    await expect(analyticsOverview(cfg(), NOW)).rejects.toThrow(/not JSON/)
    mode = 'ok'
  })

  it('an unreachable API is an error the overview can show', async () => {
    await expect(analyticsOverview({ ...cfg(), apiBase: 'http://127.0.0.1:1/client/v4' }, NOW)).rejects.toThrow()
  })

  it('queries interpolate only the dataset and numbers', () => {
    const q = overviewQueries('my_dataset', 300)
    expect(q.series).toContain('intDiv(toUInt32(timestamp), 300) * 300')
    for (const text of Object.values(q)) expect(text).toMatch(/FROM my_dataset WHERE timestamp > NOW\(\) - INTERVAL '60' MINUTE AND blob1 = 'deny'/)
  })
})
