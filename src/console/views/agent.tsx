/** @jsxImportSource hono/jsx */
/**
 * @module Agent page: the guard's snapshot (windows, budgets, risk and its factors, profile, revocations),
 * recent decisions from the event log, and the operator's actions (block, unblock, revoke all, reset).
 */
import type { SecurityEvent } from '../../events/event'
import type { AgentSnapshot } from '../../guard/protocol'
import { EventRows } from './feed'
import { CsrfField, Flash, Shell, when, type Page } from './layout'

export type RiskFactor = { readonly signal: string; readonly strength: number; readonly seen: number; readonly shadow: boolean }

/** Signals named in the agent's recent events ("enumeration:0.62", "pace:0.4(shadow)"), strongest first. */
export function riskFactors(events: readonly SecurityEvent[]): RiskFactor[] {
  const out = new Map<string, RiskFactor>()
  for (const e of events) {
    const text = e.details?.['anomalies']
    if (typeof text !== 'string') continue
    for (const token of text.split(' ')) {
      const m = /^([a-z_]{1,32}):([0-9.]{1,8})(\(shadow\))?$/.exec(token)
      if (!m) continue
      const [, signal = '', strength = '0', shadow] = m
      const prev = out.get(signal)
      out.set(signal, { signal, strength: Math.max(prev?.strength ?? 0, Number(strength)), seen: (prev?.seen ?? 0) + 1, shadow: shadow !== undefined && (prev?.shadow ?? true) })
    }
  }
  return [...out.values()].sort((a, b) => b.strength - a.strength)
}

const DURATIONS: ReadonlyArray<[string, string]> = [
  ['300', '5 minutes'],
  ['3600', '1 hour'],
  ['86400', '24 hours'],
  ['', 'until unblocked'],
]

export function AgentPage(props: { page: Page; agentId: string; snapshot: AgentSnapshot | null; events: readonly SecurityEvent[]; flash?: { ok?: string | undefined; error?: string | undefined } }) {
  const { page, agentId, snapshot: s } = props
  const action = (verb: string) => `${page.base}/agents/${encodeURIComponent(agentId)}/${verb}`
  const factors = riskFactors(props.events)
  const p = s?.profile
  return (
    <Shell title={`Agent ${agentId}`} base={page.base} page={page}>
      <h1>
        Agent <span class="mono">{agentId}</span>{' '}
        {s?.blocked ? <span class="pill bad">blocked</span> : <span class="pill ok">not blocked</span>}
      </h1>
      <Flash ok={props.flash?.ok} error={props.flash?.error} />
      {s === null ? <p class="error">The agent's guard did not answer; its snapshot is unavailable. Actions may still work.</p> : null}
      <section class="card">
        <h2>Actions</h2>
        <form class="inline" method="post" action={action('block')}>
          <CsrfField token={page.csrf} />
          <select name="duration" aria-label="block duration">
            {DURATIONS.map(([v, label]) => (
              <option value={v}>{label}</option>
            ))}
          </select>
          <input name="reason" required maxlength={500} placeholder="reason (required)" aria-label="block reason" />
          <button type="submit" class="danger">
            Block
          </button>
        </form>
        <form class="inline" method="post" action={action('unblock')}>
          <CsrfField token={page.csrf} />
          <button type="submit">Unblock</button>
        </form>
        <form class="inline" method="post" action={action('revoke')} data-confirm="Revoke every token this agent holds?">
          <CsrfField token={page.csrf} />
          <button type="submit" class="danger">
            Revoke all tokens
          </button>
        </form>
        <form class="inline" method="post" action={action('reset')} data-confirm="Reset this agent's usage, counters and profile?">
          <CsrfField token={page.csrf} />
          <button type="submit" class="secondary">
            Reset usage
          </button>
        </form>
      </section>
      {s ? (
        <div class="grid">
          <section class="card">
            <h2>Status</h2>
            <table>
              <tbody>
                <tr>
                  <th>block</th>
                  <td>{s.blocked ? `${s.blocked.until === null ? 'until unblocked' : `until ${when(s.blocked.until)} UTC`}: ${s.blocked.reason}` : 'none'}</td>
                </tr>
                <tr>
                  <th>revocations</th>
                  <td>
                    {s.revokedBefore === null ? 'no revoke-all' : `tokens issued before ${when(s.revokedBefore * 1000)} UTC`}; {s.revokedJtis} single tokens
                  </td>
                </tr>
                <tr>
                  <th>requests</th>
                  <td>
                    {s.admitted.total} admitted, {s.rejected.total} rejected ({s.rejected.lastMinute} in the last minute)
                  </td>
                </tr>
                <tr>
                  <th>state</th>
                  <td>{s.stateBytes} bytes</td>
                </tr>
              </tbody>
            </table>
          </section>
          <section class="card">
            <h2>Windows and budgets</h2>
            {s.policies.length === 0 ? (
              <p class="muted">No request seen yet: limits appear after the first one.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>limit</th>
                    <th class="num">window</th>
                    <th class="num">remaining</th>
                    <th class="num">of</th>
                    <th class="num">resets in</th>
                  </tr>
                </thead>
                <tbody>
                  {s.policies.map((q) => (
                    <tr>
                      <td>{q.name}</td>
                      <td class="num">{q.windowSeconds} s</td>
                      <td class="num">{q.remaining}</td>
                      <td class="num">{q.limit}</td>
                      <td class="num">{q.resetSeconds} s</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section class="card">
            <h2>Risk</h2>
            <p>
              Score <strong>{s.risk.toFixed(2)}</strong>
              {p ? ` · evidence ${p.riskState.evidence.toFixed(2)}` : ''}
              {p?.riskState.throttledUntil ? ` · throttled until ${when(p.riskState.throttledUntil)} UTC` : ''}
              {p && p.riskState.escalation > 0 ? ` · escalation step ${p.riskState.escalation}` : ''}
            </p>
            {factors.length === 0 ? (
              <p class="muted">No signal fired in this agent's recent denials and alerts.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>factor (signal)</th>
                    <th class="num">strongest</th>
                    <th class="num">seen</th>
                  </tr>
                </thead>
                <tbody>
                  {factors.map((f) => (
                    <tr>
                      <td>
                        {f.signal}
                        {f.shadow ? ' (shadow)' : ''}
                      </td>
                      <td class="num">{f.strength.toFixed(2)}</td>
                      <td class="num">{f.seen}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section class="card">
            <h2>Profile</h2>
            {p ? (
              <table>
                <tbody>
                  <tr>
                    <th>observed</th>
                    <td>
                      {p.requests} requests{p.firstSeen !== null ? `, since ${when(p.firstSeen)} UTC` : ''}
                    </td>
                  </tr>
                  <tr>
                    <th>last seen</th>
                    <td>{p.lastSeen === null ? 'never' : `${when(p.lastSeen)} UTC`}</td>
                  </tr>
                  <tr>
                    <th>endpoints</th>
                    <td>
                      {p.endpoints} distinct, {p.transitions} transitions
                    </td>
                  </tr>
                  <tr>
                    <th>pace</th>
                    <td>
                      ≈{p.pace.recentPerMinute}/min recently, ≈{p.pace.baselinePerMinute}/min baseline
                    </td>
                  </tr>
                  <tr>
                    <th>typical body</th>
                    <td>{p.typicalBodyBytes === null ? 'no bodies' : `${p.typicalBodyBytes} bytes`}</td>
                  </tr>
                  <tr>
                    <th>chains</th>
                    <td>{p.chainsInProgress.length ? p.chainsInProgress.join(', ') : 'none in progress'}</td>
                  </tr>
                </tbody>
              </table>
            ) : (
              <p class="muted">No profile reported.</p>
            )}
          </section>
        </div>
      ) : null}
      <section class="card">
        <h2>Recent decisions (denials, alerts and operator actions)</h2>
        {props.events.length === 0 ? <p class="muted">None in the event log.</p> : <EventRows events={props.events} page={page} showAgent={false} />}
      </section>
    </Shell>
  )
}
