/**
 * @module Event-log queries: the filter the console, the admin API and `npm run blocks -- --local` send. Pure.
 *
 * Parsed from URL search parameters with zod; a bad filter is refused with the parameter named.
 */
import * as z from 'zod'

export const MAX_QUERY_LIMIT = 1_000

export const EventQuerySchema = z
  .object({
    agent: z.string().min(1).max(128).optional(),
    code: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'a denial code in UPPER_SNAKE').optional(),
    kind: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'an event kind in lower_snake').optional(),
    /** Epoch ms, inclusive. */
    since: z.number().int().nonnegative().optional(),
    /** Epoch ms, exclusive. */
    until: z.number().int().nonnegative().optional(),
    limit: z.number().int().min(1).max(MAX_QUERY_LIMIT).default(100),
  })
  .strict()

export type EventQuery = z.input<typeof EventQuerySchema>

const optionalText = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().optional())
const optionalInt = z.preprocess((v) => (v === '' || v === null || v === undefined ? undefined : Number(v)), z.number().int().nonnegative().optional())

const ParamsSchema = z.object({
  agent: optionalText,
  code: optionalText,
  kind: optionalText,
  since: optionalInt,
  until: optionalInt,
  /** Relative window: the last N minutes (the console's time filter). */
  minutes: optionalInt,
  limit: optionalInt,
})

export type ParsedQuery = { readonly ok: true; readonly query: EventQuery } | { readonly ok: false; readonly errors: ReadonlyArray<{ readonly pointer: string; readonly message: string }> }

/** `?agent=&code=&kind=&since=&until=&minutes=&limit=` → a query; `minutes` wins over `since`. */
export function parseEventQuery(params: URLSearchParams, now: number, defaultLimit = 100): ParsedQuery {
  const raw = Object.fromEntries(['agent', 'code', 'kind', 'since', 'until', 'minutes', 'limit'].map((k) => [k, params.get(k)]))
  const shaped = ParamsSchema.safeParse(raw)
  if (!shaped.success) return { ok: false, errors: shaped.error.issues.map((i) => ({ pointer: `/${i.path.join('/')}`, message: i.message })) }
  const p = shaped.data
  const candidate = {
    ...(p.agent !== undefined ? { agent: p.agent } : {}),
    ...(p.code !== undefined ? { code: p.code } : {}),
    ...(p.kind !== undefined ? { kind: p.kind } : {}),
    ...(p.minutes !== undefined ? { since: Math.max(0, now - p.minutes * 60_000) } : p.since !== undefined ? { since: p.since } : {}),
    ...(p.until !== undefined ? { until: p.until } : {}),
    limit: p.limit ?? defaultLimit,
  }
  const parsed = EventQuerySchema.safeParse(candidate)
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => ({ pointer: `/${i.path.join('/')}`, message: i.message })) }
  return { ok: true, query: parsed.data }
}
