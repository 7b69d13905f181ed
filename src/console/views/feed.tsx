/** @jsxImportSource hono/jsx */
/** @module Live feed: recent denials and alerts, filtered by agent, code, kind and time. */
import type { SecurityEvent } from '../../events/event'
import { agentHref, feedHref, Shell, when, type Page } from './layout'

export type FeedFilter = { readonly agent?: string | undefined; readonly code?: string | undefined; readonly kind?: string | undefined; readonly minutes?: number | undefined; readonly live: boolean }

const WINDOWS: ReadonlyArray<[number | undefined, string]> = [
  [15, 'last 15 minutes'],
  [60, 'last hour'],
  [1_440, 'last 24 hours'],
  [undefined, 'everything kept'],
]

const KINDS = ['denial', 'alert', 'auth_failure', 'admin_action', 'failed_open']

export function EventRows(props: { events: readonly SecurityEvent[]; page: Page; showAgent?: boolean }) {
  return (
    <table>
      <thead>
        <tr>
          <th>time (UTC)</th>
          <th>kind</th>
          {props.showAgent === false ? null : <th>agent</th>}
          <th>route or tool</th>
          <th>code</th>
          <th>reason</th>
          <th class="num">risk</th>
          <th>request id</th>
          <th>details</th>
        </tr>
      </thead>
      <tbody>
        {props.events.map((e) => (
          <tr>
            <td class="mono">{when(e.at)}</td>
            <td>
              <span class={`pill${e.kind === 'alert' || e.kind === 'auth_failure' ? ' bad' : ''}`}>{e.kind}</span>
            </td>
            {props.showAgent === false ? null : <td>{e.agentId === null ? <span class="muted">none</span> : <a href={agentHref(props.page.base, e.agentId)}>{e.agentId}</a>}</td>}
            <td class="mono">{e.endpoint}</td>
            <td>
              <a href={feedHref(props.page.base, { code: e.code })}>{e.code}</a>
            </td>
            <td>{e.reason}</td>
            <td class="num">{e.risk.toFixed(2)}</td>
            <td class="mono">{e.requestId}</td>
            <td class="mono">
              {Object.entries(e.details ?? {})
                .map(([k, v]) => `${k}=${String(v)}`)
                .join(' ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function FeedPage(props: { page: Page; filter: FeedFilter; events: readonly SecurityEvent[]; notices: readonly string[]; error?: string | undefined }) {
  const f = props.filter
  const base = props.page.base
  return (
    <Shell title="Live feed" base={base} page={props.page} live={f.live}>
      <h1>Live feed</h1>
      {props.error ? <p class="error">{props.error}</p> : null}
      {props.notices.map((n) => (
        <p class="notice">{n}</p>
      ))}
      <form class="filters card" method="get" action={`${base}/events`}>
        <label>
          agent
          <input name="agent" value={f.agent ?? ''} maxlength={128} placeholder="any" />
        </label>
        <label>
          code
          <input name="code" value={f.code ?? ''} maxlength={64} placeholder="any" />
        </label>
        <label>
          kind
          <select name="kind" data-autosubmit>
            <option value="">any</option>
            {KINDS.map((k) => (
              <option value={k} selected={f.kind === k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          time
          <select name="minutes" data-autosubmit>
            {WINDOWS.map(([m, label]) => (
              <option value={m === undefined ? '' : String(m)} selected={f.minutes === m}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          auto-refresh
          <select name="live" data-autosubmit>
            <option value="">off</option>
            <option value="1" selected={f.live}>
              every 5 s
            </option>
          </select>
        </label>
        <button type="submit">Filter</button>
        <a href={feedHref(base, { agent: f.agent, code: f.code, kind: f.kind, minutes: f.minutes, live: f.live ? 1 : undefined })}>Refresh</a>
      </form>
      <section class="card">
        <p class="muted">{props.events.length} events, newest first</p>
        <EventRows events={props.events} page={props.page} />
      </section>
    </Shell>
  )
}
