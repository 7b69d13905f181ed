import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { codeSpec, DENIAL_CODES, type DenialCode } from '../../../src/errors/codes'
import { DENIAL_DETAILS } from '../../../src/errors/details'

const doc = readFileSync(new URL('../../../docs/error-codes.md', import.meta.url), 'utf8')
const rowOf = (code: string) => doc.split('\n').find((l) => l.startsWith(`| \`${code}\` |`))

describe('docs/error-codes.md', () => {
  it.each(Object.entries(DENIAL_CODES))('documents %s with its status', (code, spec) => {
    const row = rowOf(code)
    expect(row, `${code} is missing from docs/error-codes.md`).toMatch(/^\| `[A-Z0-9_]+` \|/)
    expect(row!.split('|')[2]!.trim()).toBe(String(spec.status))
  })

  it.each(Object.keys(DENIAL_CODES))('its "what the client should do" column for %s is the detail, word for word', (code) => {
    expect(rowOf(code)!.split(' | ')[3]).toBe(DENIAL_DETAILS[code as DenialCode])
  })

  it('codes are stable UPPER_SNAKE', () => {
    for (const code of Object.keys(DENIAL_CODES)) expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/)
  })
})

describe('details: every problem tells a person what to do', () => {
  const codes = Object.keys(DENIAL_CODES) as DenialCode[]

  it('there is one detail per code and no other', () => {
    expect(Object.keys(DENIAL_DETAILS).sort()).toEqual([...codes].sort())
  })

  it.each(codes)('%s: a detail that is not its title, and reads as an instruction', (code) => {
    const detail = DENIAL_DETAILS[code]
    const title = codeSpec(code).title
    expect(detail.toLowerCase()).not.toBe(title.toLowerCase())
    expect(detail.toLowerCase().startsWith(title.toLowerCase())).toBe(false)
    // A sentence that starts with what to do: an imperative verb, never a restated problem.
    expect(detail).toMatch(/^(Send|Get|Retry|Check|Stop|Call|Use|Wait|Fix|Rewrite|Slow|Make|Start|Do not|Encode)\b/)
    expect(detail).toMatch(/\.$/)
    expect(detail.length).toBeLessThanOrEqual(200)
  })

  it('no detail carries internals: no reasons, rule ids, stack traces or jose codes', () => {
    for (const detail of Object.values(DENIAL_DETAILS)) {
      expect(detail).not.toMatch(/\b(reason|stack|exception|ERR_[A-Z_]+|PI-\d|XSS-\d|SQLI-\d|NN-\d)\b/i)
    }
  })
})

describe('challenges (RFC 6750 §3, RFC 7235 §3.1)', () => {
  it('every 401 names its WWW-Authenticate challenge, so the renderer needs nothing but the code', () => {
    for (const [code, spec] of Object.entries(DENIAL_CODES)) if (spec.status === 401) expect(codeSpec(code as DenialCode).challenge, code).toBeDefined()
  })

  it('invalid_request is always a 400, invalid_token always a 401, insufficient_scope a 403 (§3.1)', () => {
    const want = { invalid_request: 400, invalid_token: 401, insufficient_scope: 403, bearer: 401, admin: 401 }
    for (const code of Object.keys(DENIAL_CODES) as DenialCode[]) {
      const { challenge, status } = codeSpec(code)
      if (challenge) expect(status, code).toBe(want[challenge])
    }
  })
})
