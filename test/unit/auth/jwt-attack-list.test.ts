/**
 * JWT attacks. The repository's own set (test/support/jwt-attacks.ts, built at run time) always
 * runs: Tollgate's real policy must accept the baselines and refuse every attack. When the shared
 * list (../shared/data/jwt-attack-vectors/jwt_cases.jsonl) is present it runs too, as before, and
 * every id in it must be covered by the local set, so a clone without it still tests each class.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { resolveKeys } from '../../../src/auth/keys'
import { verifyToken, type VerifyOptions } from '../../../src/auth/verify-token'
import { DEFAULT_TIERS } from '../../../src/config/tiers'
import { attackCases, AUDIENCE, HS_SECRET, ISSUER, makeKeys, SHARED_COVERAGE, type AttackCase, type Keys } from '../../support/jwt-attacks'

const FILE = fileURLToPath(new URL('../../../../shared/data/jwt-attack-vectors/jwt_cases.jsonl', import.meta.url))
const REFERENCE_KEY = 'edge-screener-reference-hs256-key-0123456789abcdef'

type Case = { id: string; expected: string; token?: string; concrete_token: boolean }
const cases: Case[] = existsSync(FILE)
  ? readFileSync(FILE, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Case)
  : []
const concrete = cases.filter((c) => c.concrete_token && typeof c.token === 'string')

const base = {
  issuer: 'https://auth.example.test',
  audience: 'api.example.test',
  algorithms: ['HS256'],
  clockToleranceSeconds: 30,
  tiers: DEFAULT_TIERS,
  defaultTier: 'free',
}
const relaxed: VerifyOptions = { ...base, maxTtlSeconds: undefined, requireJti: false }
const real: VerifyOptions = { ...base, maxTtlSeconds: 900, requireJti: true }

/** Cases whose only flaw is a policy the relaxed run turns off, or a claim Tollgate never reads. */
const POLICY_ONLY = new Set(['baseline-valid', 'baseline-valid-admin', 'claims-exp-huge', 'claims-role-array'])

describe('JWT attacks: the repository set', () => {
  const NOW = Math.floor(Date.now() / 1000)
  let keys: Keys
  let local: AttackCase[] = []
  beforeAll(async () => {
    keys = await makeKeys()
    local = await attackCases(keys, NOW)
  }, 30_000)

  const policy = (p: AttackCase['policy']): VerifyOptions =>
    p === 'hs256'
      ? { ...real, issuer: ISSUER, audience: AUDIENCE, now: NOW }
      : { ...real, issuer: ISSUER, audience: AUDIENCE, algorithms: ['EdDSA', 'ES256', 'RS256'], now: NOW }
  const verify = async (c: AttackCase) =>
    verifyToken(c.token, await resolveKeys(c.policy === 'hs256' ? { kind: 'hs256', secret: HS_SECRET } : { kind: 'jwks-inline', jwks: keys.jwks as never }), policy(c.policy))

  it('covers each attack class with several variants', () => {
    const attacks = local.filter((c) => c.expect === 'reject')
    expect(attacks.length).toBeGreaterThanOrEqual(60)
    for (const prefix of ['alg-none', 'weak-secret', 'alg-confusion', 'alg-downgrade', 'embedded-jwk', 'jku-spoof', 'kid-injection', 'psychic-signature', 'claims-', 'duplicate-claims']) {
      expect(attacks.filter((c) => c.id.startsWith(prefix)).length, prefix).toBeGreaterThanOrEqual(2)
    }
    expect(new Set(local.map((c) => c.id)).size).toBe(local.length)
  })

  it('accepts every baseline (the keys and claims are right, so each refusal is the policy)', async () => {
    for (const c of local.filter((x) => x.expect === 'accept')) {
      const r = await verify(c)
      expect(r.ok, `${c.id}: ${JSON.stringify(r)}`).toBe(true)
    }
  })

  it('refuses every attack, each with a logged reason, never a principal', async () => {
    const accepted: string[] = []
    for (const c of local.filter((x) => x.expect === 'reject')) {
      const r = await verify(c)
      if (r.ok) accepted.push(c.id)
      else expect(r.reason, c.id).toMatch(/\S/)
    }
    expect(accepted).toEqual([])
  })

  it('refuses a baseline with a single flipped byte in any segment (no segment goes unchecked)', async () => {
    const baseline = local.find((c) => c.id === 'baseline-eddsa')!
    const parts = baseline.token.split('.')
    for (let seg = 0; seg < 3; seg++) {
      const p = parts[seg]!
      for (const at of [0, Math.floor(p.length / 2), p.length - 2]) {
        const ch = p[at] === 'A' ? 'B' : 'A'
        const mutated = parts.map((x, i) => (i === seg ? x.slice(0, at) + ch + x.slice(at + 1) : x)).join('.')
        expect((await verify({ ...baseline, token: mutated })).ok, `segment ${seg} at ${at}`).toBe(false)
      }
    }
  })
})

describe.skipIf(cases.length === 0)('JWT attacks: the shared list', () => {
  it('has concrete tokens to run', () => {
    expect(concrete.length).toBeGreaterThanOrEqual(50)
  })

  it('every id of the shared list is covered by the repository set (or named where it is tested)', async () => {
    const keys = await makeKeys()
    const localIds = new Set((await attackCases(keys, Math.floor(Date.now() / 1000))).map((c) => c.id))
    for (const c of cases) {
      const where = SHARED_COVERAGE[c.id]
      expect(where, `${c.id} has no local counterpart in test/support/jwt-attacks.ts`).toMatch(/\S/)
      if (!where!.includes(' ')) expect(localIds.has(where!), `${c.id} → ${where}`).toBe(true)
    }
  })

  it.each(concrete.filter((c) => c.expected === 'accept').map((c) => [c.id, c] as const))('relaxed policy accepts baseline %s', async (_id, c) => {
    const result = await verifyToken(c.token!, await resolveKeys({ kind: 'hs256', secret: REFERENCE_KEY }), relaxed)
    expect(result.ok, JSON.stringify(result)).toBe(true)
  })

  it.each(concrete.filter((c) => !POLICY_ONLY.has(c.id)).map((c) => [c.id, c] as const))('relaxed policy still rejects attack %s', async (_id, c) => {
    const result = await verifyToken(c.token!, await resolveKeys({ kind: 'hs256', secret: REFERENCE_KEY }), relaxed)
    expect(result.ok).toBe(false)
  })

  it.each(concrete.map((c) => [c.id, c] as const))('real policy rejects %s', async (_id, c) => {
    const result = await verifyToken(c.token!, await resolveKeys({ kind: 'hs256', secret: REFERENCE_KEY }), real)
    expect(result.ok).toBe(false)
  })

  it('zero bypasses across the whole list', async () => {
    const keys = await resolveKeys({ kind: 'hs256', secret: REFERENCE_KEY })
    const accepted = []
    for (const c of concrete) if ((await verifyToken(c.token!, keys, real)).ok) accepted.push(c.id)
    expect(accepted).toEqual([])
  })
})
