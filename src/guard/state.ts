/**
 * @module The guard's whole per-agent state (one row) and its compact encoding. Pure.
 *
 * Bounded by construction: the limit rings and the rejection ring (at most 145 counts each), a few
 * scalars and the last limits seen, the bounded behaviour profile (profile.ts) and the bounded MCP
 * state (mcp-limits.ts: a calls ring, at most 32 sessions, in-flight slots) and at most 32 records
 * rings of 25 counts (records.ts, key `d`; rows without it decode as before). Revoked jtis live in
 * their own table (storage.ts; rules in revocation.ts), so the hot row never grows.
 *
 * Versions: 1 had no profile; a v1 row decodes with an empty profile (the agent re-learns, and the
 * new-agent leeway applies again), v2 adds `p`.
 */
import * as z from 'zod'
import { POLICY_SPECS, type PolicyName } from './policies'
import { decodeMcp, encodeMcp, EncodedMcpSchema, type McpState } from './mcp-limits'
import { emptyProfile, type Profile } from './profile'
import { decodeProfile, encodeProfile, EncodedProfileSchema } from './profile-codec'
import type { AgentLimits } from './protocol'
import { decodeRecords, encodeRecords, EncodedRecordsSchema, type RecordsState } from './records'
import { advance, charge, emptyRing, type Ring, type WindowGeometry } from './window'

export type BlockState = {
  /** Epoch ms when the block lapses, or null for indefinite. */
  readonly until: number | null
  readonly reason: string
}

/** A lapsed block is no block (one rule for decide, risk and the admin views). */
export const liveBlock = (block: BlockState | null, t: number): BlockState | null =>
  block && (block.until === null || t < block.until) ? block : null

export type GuardState = {
  /** The guard's clock: the latest `now` seen (ms). Time never runs backwards inside the guard. */
  readonly clock: number
  /** Limits of the latest evaluate(), so snapshot() can report usage against them. */
  readonly limits: AgentLimits | null
  readonly windows: Readonly<Partial<Record<PolicyName, Ring>>>
  readonly block: BlockState | null
  /** Epoch seconds: tokens with iat < revokedBefore are revoked. Only ever raised. */
  readonly revokedBefore: number | null
  readonly admitted: number
  /** Denied evaluate() calls: never charged to quota, kept as pressure for risk work. */
  readonly rejected: { readonly total: number; readonly recent: Ring }
  readonly profile: Profile
  /** MCP limits state; absent until the agent's first MCP request. */
  readonly mcp?: McpState
  /** Personal-data records budgets (records.ts); absent until the first records are charged. */
  readonly records?: RecordsState
}

/** Geometry of the "rejected in the last minute" counter (1 s resolution). */
export const RECENT_REJECTIONS: WindowGeometry = { windowMs: 60_000, buckets: 60 }

/** One more denial, counted apart from quota as pressure (the `denials` risk signal). */
export const withRejection = (state: GuardState, t: number): GuardState => ({
  ...state,
  rejected: { total: state.rejected.total + 1, recent: charge(advance(state.rejected.recent, RECENT_REJECTIONS, t), 1) },
})

export function emptyState(): GuardState {
  return {
    clock: 0,
    limits: null,
    windows: {},
    block: null,
    revokedBefore: null,
    admitted: 0,
    rejected: { total: 0, recent: emptyRing(RECENT_REJECTIONS) },
    profile: emptyProfile(),
  }
}

const SCHEMA_VERSION = 2

/** Ring on disk: [head, ...counts]; omitted when empty. */
type EncodedRing = number[]

const count = z.number().nonnegative().finite()
const EncodedRingSchema = z.array(count).min(2)
const LimitsSchema = z.object({
  tier: z.string(),
  burst: count,
  rpm: count,
  daily: count,
  costPerMinute: count,
  costPerDay: count.optional(),
})
const EncodedStateSchema = z.object({
  v: z.union([z.literal(1), z.literal(SCHEMA_VERSION)]),
  clock: count,
  limits: LimitsSchema.nullable(),
  w: z.record(z.string(), EncodedRingSchema),
  block: z.object({ until: count.nullable(), reason: z.string() }).nullable(),
  rb: count.nullable(),
  a: count,
  r: count,
  rr: EncodedRingSchema.optional(),
  m: EncodedMcpSchema.optional(),
  p: EncodedProfileSchema.optional(),
  d: EncodedRecordsSchema.optional(),
})

export function encodeState(state: GuardState): string {
  const w: Record<string, EncodedRing> = {}
  for (const [name, ring] of Object.entries(state.windows)) {
    if (ring && ring.sum > 0) w[name] = [ring.head, ...ring.counts]
  }
  const { recent } = state.rejected
  const p = encodeProfile(state.profile)
  const d = state.records ? encodeRecords(state.records) : undefined
  return JSON.stringify({
    v: SCHEMA_VERSION,
    clock: state.clock,
    limits: state.limits,
    w,
    block: state.block,
    rb: state.revokedBefore,
    a: state.admitted,
    r: state.rejected.total,
    ...(recent.sum > 0 ? { rr: [recent.head, ...recent.counts] } : {}),
    ...(state.mcp ? { m: encodeMcp(state.mcp) } : {}),
    ...(p ? { p } : {}),
    ...(d ? { d } : {}),
  })
}

/** Throws (with the field path) on a corrupt row: the guard then fails closed until reset(). */
export function decodeState(text: string): GuardState {
  const raw = EncodedStateSchema.parse(JSON.parse(text))
  const windows: Partial<Record<PolicyName, Ring>> = {}
  for (const spec of POLICY_SPECS) {
    const encoded = raw.w[spec.name]
    if (encoded) windows[spec.name] = decodeRing(encoded, spec)
  }
  return {
    clock: raw.clock,
    limits: raw.limits,
    windows,
    block: raw.block,
    revokedBefore: raw.rb,
    admitted: raw.a,
    rejected: {
      total: raw.r,
      recent: raw.rr ? decodeRing(raw.rr, RECENT_REJECTIONS) : emptyRing(RECENT_REJECTIONS),
    },
    profile: raw.v === 1 ? emptyProfile() : decodeProfile(raw.p),
    ...(raw.m ? { mcp: decodeMcp(raw.m) } : {}),
    ...(raw.d ? { records: decodeRecords(raw.d) } : {}),
  }
}

/**
 * A ring whose length no longer matches its geometry (k changed between versions) collapses into
 * its newest bucket: every admission stays counted, for longer than needed. Conservative.
 */
function decodeRing([head = 0, ...counts]: EncodedRing, geo: WindowGeometry): Ring {
  const sum = counts.reduce((a, b) => a + b, 0)
  if (counts.length === geo.buckets + 1) return { head, counts, sum }
  const collapsed = new Array<number>(geo.buckets + 1).fill(0)
  collapsed[geo.buckets] = sum
  return { head, counts: collapsed, sum }
}
