/** @jsxImportSource hono/jsx */
/** @module Overview: denials over time by code, top agents by denials and by risk, top routes and tools, current blocks. */
import { StackedBars } from '../chart'
import { codesByVolume, type Overview, type Ranked } from '../summary'
import { agentHref, Shell, when, type Page } from './layout'

export type CurrentBlock = { readonly agentId: string; readonly until: number | null; readonly reason: string }

export type OverviewModel = {
  readonly overview: Overview
  readonly blocks: readonly CurrentBlock[]
  readonly notices: readonly string[]
}

function RankTable(props: { rows: readonly Ranked[]; page: Page; label: string; agents?: boolean; showRisk?: boolean; empty: string }) {
  const max = Math.max(1, ...props.rows.map((r) => r.count))
  if (props.rows.length === 0) return <p class="muted">{props.empty}</p>
  return (
    <table>
      <thead>
        <tr>
          <th>{props.label}</th>
          {props.showRisk ? <th class="num">max risk</th> : null}
          <th class="num">denials</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <td>
              {props.agents ? <a href={agentHref(props.page.base, r.key)}>{r.key}</a> : <span class="mono">{r.key}</span>}
            </td>
            {props.showRisk ? <td class="num">{(r.risk ?? 0).toFixed(2)}</td> : null}
            <td class="num">{r.count}</td>
            <td>
              <meter min={0} max={max} value={r.count} class="bar"></meter>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function OverviewPage(props: { page: Page; model: OverviewModel }) {
  const { overview: o, blocks, notices } = props.model
  const codes = codesByVolume(o.series)
  const sourceLabel = o.source === 'analytics-engine' ? 'Analytics Engine (sampled, every decision)' : 'the security-event log (last denials and alerts per shard)'
  return (
    <Shell title="Overview" base={props.page.base} page={props.page}>
      <h1>Overview</h1>
      {notices.map((n) => (
        <p class="notice">{n}</p>
      ))}
      <section class="card">
        <h2>Denials over the last hour, by code</h2>
        <p class="muted">
          {o.total} denials and alerts · source: {sourceLabel}
        </p>
        <StackedBars buckets={o.buckets} bucketMs={o.bucketMs} series={o.series} codes={codes} title="Denials per 5 minutes, stacked by code" />
      </section>
      <div class="grid">
        <section class="card">
          <h2>Top agents by denials</h2>
          <RankTable rows={o.byAgent} page={props.page} label="agent" agents empty="No denials in the last hour." />
        </section>
        <section class="card">
          <h2>Top agents by risk</h2>
          <RankTable rows={o.byRisk} page={props.page} label="agent" agents showRisk empty="No risky agents in the last hour." />
        </section>
        <section class="card">
          <h2>Top routes and tools</h2>
          <RankTable rows={o.byEndpoint} page={props.page} label="route or tool" empty="No denials in the last hour." />
        </section>
        <section class="card">
          <h2>Current blocks</h2>
          {blocks.length === 0 ? (
            <p class="muted">No agent is blocked.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>agent</th>
                  <th>until</th>
                  <th>reason</th>
                </tr>
              </thead>
              <tbody>
                {blocks.map((b) => (
                  <tr>
                    <td>
                      <a href={agentHref(props.page.base, b.agentId)}>{b.agentId}</a>
                    </td>
                    <td class="mono">{b.until === null ? 'until unblocked' : `${when(b.until)} UTC`}</td>
                    <td>{b.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </Shell>
  )
}
