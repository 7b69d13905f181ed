/**
 * @module A DLP finding as a plain-data security event, with keyed fingerprints instead of values.
 *
 * The event is what the security-event log, the structured log line, the analytics point and the
 * alert are made from. The matched value never leaves this module: at most a fingerprint, the first
 * 64 bits of HMAC-SHA-256 under DLP_FINGERPRINT_KEY (or a random per-isolate key when none is set,
 * so fingerprints then correlate only within one isolate). Keyed, because an unkeyed hash of a
 * 9-digit SSN or a card number is reversed by trying every value.
 */
import type { RecordsCharge, RecordsBudget } from '../guard/records'
import type { DlpMode } from './respond'
import type { StreamOutcome } from './stream'
import type { Category, Outcome, Tally } from './types'

export type DlpFindingEvent = {
  readonly kind: 'dlp_finding'
  /** Epoch ms. */
  readonly at: number
  readonly requestId: string
  readonly agentId: string
  readonly tier: string
  /** Route key ("GET /api/orders") or `mcp:<tool>`. */
  readonly endpoint: string
  readonly mode: DlpMode | 'mcp'
  /** The strongest action taken; `unscanned` when the answer could not be read. */
  readonly action: Outcome | 'unscanned'
  readonly outcome: StreamOutcome
  readonly unscanned?: string
  readonly findings: readonly { readonly id: string; readonly category: Category; readonly count: number; readonly redacted: number }[]
  /** Personal-data findings: what the records budgets count. */
  readonly records: number
  readonly fingerprints: readonly { readonly id: string; readonly fingerprint: string }[]
}

export type EventContext = Pick<DlpFindingEvent, 'requestId' | 'agentId' | 'tier' | 'endpoint'>

export const categoryOf = (id: string): Category => (id.startsWith('pii.') ? 'pii' : 'secret')

/** Personal-data findings acted on. */
export const recordsOf = (counts: Readonly<Record<string, number>>): number => {
  let n = 0
  for (const [id, c] of Object.entries(counts)) if (id.startsWith('pii.')) n += c
  return n
}

/** The records of one answer per budget in force (findings whose id the budget's prefix covers). */
export function chargesFor(counts: Readonly<Record<string, number>>, budgets: readonly RecordsBudget[]): RecordsCharge[] {
  return budgets.map((b) => {
    let n = 0
    for (const [id, c] of Object.entries(counts)) if (id === b.prefix || id.startsWith(`${b.prefix}.`)) n += c
    return { ...b, n }
  })
}

const keys = new Map<string, Promise<CryptoKey>>()
let isolateKey: Uint8Array | undefined

function hmacKey(secret: string | undefined): Promise<CryptoKey> {
  const id = secret ?? ''
  let k = keys.get(id)
  if (!k) {
    // Generated on first use, never at module scope (workerd refuses randomness there).
    const raw = secret !== undefined ? new TextEncoder().encode(secret) : (isolateKey ??= crypto.getRandomValues(new Uint8Array(32)))
    k = crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    keys.set(id, k)
  }
  return k
}

export async function fingerprint(secret: string | undefined, id: string, value: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), new TextEncoder().encode(`${id}\u0000${value}`))
  return [...new Uint8Array(mac, 0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export async function findingEvent(ctx: EventContext, mode: DlpFindingEvent['mode'], tally: Tally, extra: { outcome?: StreamOutcome; unscanned?: string; key?: string | undefined; at?: number } = {}): Promise<DlpFindingEvent> {
  const fingerprints = await Promise.all(tally.samples.map(async (s) => ({ id: s.id, fingerprint: await fingerprint(extra.key, s.id, s.value) })))
  return {
    kind: 'dlp_finding',
    at: extra.at ?? Date.now(),
    ...ctx,
    mode,
    action: extra.unscanned !== undefined ? 'unscanned' : tally.worst,
    outcome: extra.outcome ?? 'complete',
    ...(extra.unscanned !== undefined ? { unscanned: extra.unscanned } : {}),
    findings: Object.keys(tally.counts)
      .sort()
      .map((id) => ({ id, category: categoryOf(id), count: tally.counts[id]!, redacted: tally.redacted[id] ?? 0 })),
    records: recordsOf(tally.counts),
    fingerprints,
  }
}
