/**
 * @module The profile's stored form: short keys and tuples, validated on load. Pure.
 *
 * A corrupt profile fails the row closed like the rest of the state (state.ts): the guard never
 * guesses at counts it cannot read.
 */
import * as z from 'zod'
import { MAX_ENDPOINTS, MAX_SKETCHES, MAX_TRANSITIONS, emptyProfile, type Profile } from './profile'

const num = z.number().finite()
const count = num.nonnegative()
const counts = (max: number) =>
  z.record(z.string().max(16), count).refine((r) => Object.keys(r).length <= max, `at most ${max} keys`)

export const EncodedProfileSchema = z.object({
  n: count,
  f: count,
  l: count,
  pv: z.string().max(16).nullable(),
  e: counts(MAX_ENDPOINTS),
  t: counts(MAX_TRANSITIONS),
  s: z.tuple([count, num, count]),
  r: z.tuple([count, count, count]),
  k: z.array(z.tuple([z.string().max(16), count, z.string().max(64), z.string().max(64)])).max(MAX_SKETCHES),
  c: z.record(z.string().max(16), z.array(count.nullable()).max(16)).refine((r) => Object.keys(r).length <= 16, 'at most 16 chains'),
  x: z.tuple([count.max(1), count.max(1), count, count, z.union([z.literal(0), z.literal(1), z.literal(2)])]),
})

export type EncodedProfile = z.infer<typeof EncodedProfileSchema>

/** Undefined for a profile that has seen nothing (idle rows stay tiny). */
export function encodeProfile(p: Profile): EncodedProfile | undefined {
  const r = p.risk
  if (p.n === 0 && r.score === 0 && r.evidence === 0 && r.throttleUntil === 0 && r.escalation === 0) return undefined
  return {
    n: p.n,
    f: p.first,
    l: p.last,
    pv: p.prev,
    e: { ...p.endpoints },
    t: { ...p.transitions },
    s: [p.size.n, p.size.mean, p.size.m2],
    r: [p.rate.fast, p.rate.slow, p.rate.active],
    k: p.sketches.map((s) => [s.k, s.ep, s.cur, s.prev]),
    c: Object.fromEntries(Object.entries(p.chains).map(([k, v]) => [k, [...v]])),
    x: [r.score, r.evidence, r.at, r.throttleUntil, r.escalation],
  }
}

export function decodeProfile(raw: EncodedProfile | undefined): Profile {
  if (!raw) return emptyProfile()
  const [score, evidence, at, throttleUntil, escalation] = raw.x
  return {
    n: raw.n,
    first: raw.f,
    last: raw.l,
    prev: raw.pv,
    endpoints: raw.e,
    transitions: raw.t,
    size: { n: raw.s[0], mean: raw.s[1], m2: raw.s[2] },
    rate: { fast: raw.r[0], slow: raw.r[1], active: raw.r[2] },
    sketches: raw.k.map(([k, ep, cur, prev]) => ({ k, ep, cur, prev })),
    chains: raw.c,
    risk: { score, evidence, at, throttleUntil, escalation },
  }
}
