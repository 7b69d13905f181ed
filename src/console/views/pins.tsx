/** @jsxImportSource hono/jsx */
/**
 * @module MCP pins awaiting review: the pinned and the new definition side by side, approve or reject.
 *
 * Definitions are what a hostile MCP server chose (descriptions written to steer models, and
 * pages): they are shown as escaped text in <pre>, never interpreted.
 */
import type { PinRow } from '../../mcp/pins-core'
import { CsrfField, Flash, Shell, when, type Page } from './layout'

/** Canonical JSON is one line; indent it for reading (invalid or cut text is shown as is). */
export function pretty(text: string | undefined): string {
  if (text === undefined) return '(definition not recorded: pinned before definitions were kept)'
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

function Review(props: { row: PinRow; page: Page }) {
  const { row, page } = props
  const action = `${page.base}/pins/${encodeURIComponent(row.name)}/review`
  const pending = row.pending ?? ''
  return (
    <section class="card">
      <h2>
        <span class="mono">{row.name}</span> <span class="pill bad">quarantined</span>
      </h2>
      <p class="muted">
        Changed {row.changedAt === null ? '' : `${when(row.changedAt)} UTC`}
        {row.poisoned?.hash === row.pending ? ` · the new definition screened as poisoned (${row.poisoned.ruleIds.join(', ')})` : ''}
      </p>
      <div class="side">
        <div>
          <h2>Pinned (approved)</h2>
          <p class="mono muted">{row.pinned ?? 'none'}</p>
          <pre>{row.pinned === null ? '(nothing approved yet)' : pretty(row.definitions?.[row.pinned])}</pre>
        </div>
        <div>
          <h2>New (awaiting review)</h2>
          <p class="mono muted">{pending}</p>
          <pre>{pretty(row.definitions?.[pending])}</pre>
        </div>
      </div>
      <div>
        <form class="inline" method="post" action={action} data-confirm="Approve the new definition? Agents will see and call it.">
          <CsrfField token={page.csrf} />
          <input type="hidden" name="hash" value={pending} />
          <input type="hidden" name="decision" value="approve" />
          <button type="submit">Approve new definition</button>
        </form>
        {row.pinned !== null ? (
          <form class="inline" method="post" action={action}>
            <CsrfField token={page.csrf} />
            <input type="hidden" name="hash" value={row.pinned} />
            <input type="hidden" name="decision" value="reject" />
            <button type="submit" class="secondary">
              Reject (keep the pinned one)
            </button>
          </form>
        ) : null}
      </div>
    </section>
  )
}

export function PinsPage(props: { page: Page; rows: readonly PinRow[]; flash?: { ok?: string | undefined; error?: string | undefined }; unavailable?: string | undefined }) {
  const waiting = props.rows.filter((r) => r.pending !== null)
  const others = props.rows.filter((r) => r.pending === null)
  return (
    <Shell title="MCP pins" base={props.page.base} page={props.page}>
      <h1>MCP tool pins</h1>
      <Flash ok={props.flash?.ok} error={props.flash?.error} />
      {props.unavailable ? <p class="notice">{props.unavailable}</p> : null}
      {waiting.length === 0 ? <p class="card muted">No tool definition is awaiting review.</p> : waiting.map((row) => <Review row={row} page={props.page} />)}
      <section class="card">
        <h2>Other tools</h2>
        {others.length === 0 ? (
          <p class="muted">No other tool has been seen.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>tool</th>
                <th>pinned hash</th>
                <th>first seen (UTC)</th>
                <th>poisoned definition seen</th>
              </tr>
            </thead>
            <tbody>
              {others.map((r) => (
                <tr>
                  <td class="mono">{r.name}</td>
                  <td class="mono">{r.pinned ?? 'none'}</td>
                  <td class="mono">{when(r.firstSeen)}</td>
                  <td>{r.poisoned ? `${r.poisoned.ruleIds.join(', ')} at ${when(r.poisoned.at)} UTC` : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Shell>
  )
}
