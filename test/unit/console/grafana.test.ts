/** The Grafana dashboard for the Analytics Engine dataset: the documented datasource, sampled counts, the data point layout. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

type Panel = { id: number; title: string; datasource: { type: string; uid: string }; targets: Array<{ query: string; datasource: { type: string } }> }
const dash = JSON.parse(readFileSync('docs/grafana/tollgate-security-events.json', 'utf8')) as { __inputs: Array<{ pluginId: string; description: string }>; panels: Panel[]; uid: string }

describe('docs/grafana/tollgate-security-events.json', () => {
  it('asks for the Altinity ClickHouse datasource Cloudflare documents, pointed at the SQL API', () => {
    expect(dash.__inputs[0]?.pluginId).toBe('vertamedia-clickhouse-datasource')
    expect(dash.__inputs[0]?.description).toContain('/analytics_engine/sql')
    expect(dash.__inputs[0]?.description).toContain('Authorization: Bearer')
  })

  it('every panel queries the dataset through that datasource, counting with _sample_interval', () => {
    expect(dash.panels.length).toBeGreaterThanOrEqual(10)
    expect(new Set(dash.panels.map((p) => p.id)).size).toBe(dash.panels.length)
    for (const p of dash.panels) {
      expect(p.datasource).toEqual({ type: 'vertamedia-clickhouse-datasource', uid: '${DS_TOLLGATE_AE}' })
      for (const t of p.targets) {
        expect(t.query).toContain('FROM $table WHERE $timeFilter')
        expect(t.query).toContain('_sample_interval')
        expect(t.query).not.toMatch(/COUNT\(/i)
      }
    }
  })

  it('uses the documented columns: blob1 outcome, blob2 code, blob3 route or tool, index1 agent, double1 risk', () => {
    const all = dash.panels.flatMap((p) => p.targets.map((t) => t.query)).join('\n')
    for (const needle of ["blob1 = 'deny'", 'blob2 AS code', 'blob3 AS route_or_tool', 'index1 AS agent', 'MAX(double1)', 'blob5 AS rules', 'blob6 AS action']) expect(all).toContain(needle)
    const analytics = readFileSync('docs/analytics.md', 'utf8')
    for (const column of ['`blob1` | outcome', '`blob2` | code', '`blob3` | route or tool', '`index1` | agent id', '`double1` | risk']) expect(analytics).toContain(column)
  })
})
