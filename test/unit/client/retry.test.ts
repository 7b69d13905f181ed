import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DEFAULT_RETRY, parseRateLimit, parseRetryAfter, retryDelayMs, serverWaitMs } from '../../../src/client/retry'

const NOW = Date.parse('2026-11-28T12:00:00Z')

describe('parseRetryAfter (RFC 9110 §10.2.3)', () => {
  it.each([
    [null, undefined],
    ['', undefined],
    ['0', 0],
    ['12', 12_000],
    [' 3 ', 3_000],
    ['-1', undefined],
    ['1.5', undefined],
    ['Sat, 28 Nov 2026 12:00:30 GMT', 30_000],
    ['Sat, 28 Nov 2026 11:00:00 GMT', 0],
    ['soon', undefined],
  ])('%j → %j ms', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms)
  })
})

describe('parseRateLimit (draft-ietf-httpapi-ratelimit-headers)', () => {
  it.each([
    ['"minute";r=0;t=12', [{ policy: 'minute', remaining: 0, resetSeconds: 12 }]],
    ['"burst";r=3;t=1, "minute";r=50;t=40', [{ policy: 'burst', remaining: 3, resetSeconds: 1 }, { policy: 'minute', remaining: 50, resetSeconds: 40 }]],
    ['default;r=5;t=60', [{ policy: 'default', remaining: 5, resetSeconds: 60 }]],
    ['"cost-minute";r=0;t=58;pk=:abc:', [{ policy: 'cost-minute', remaining: 0, resetSeconds: 58 }]],
    ['"a,b";r=1', [{ policy: 'a,b', remaining: 1 }]],
    ['"day"', [{ policy: 'day' }]],
    ['"x";r=-1;t=abc', [{ policy: 'x' }]],
    ['', []],
    ['garbage ;;; ,', []],
    ['"burst";r=3;t=1, ("inner" "list");r=1, 12;r=1', [{ policy: 'burst', remaining: 3, resetSeconds: 1 }]],
    ['"minute";r=1.5;t=?1', [{ policy: 'minute' }]],
  ])('%s', (value, entries) => {
    expect(parseRateLimit(value)).toEqual(entries)
  })

  // RFC 9651 §4.2: a field that fails to parse is ignored as a whole. The hand-written splitter this
  // replaced kept the members it could read; now nothing from a broken field is trusted.
  it.each([
    ['one malformed member among good ones', '"burst";r=0;t=1, "minute";r=0;t=40 ;;'],
    ['an unterminated string', '"burst";r=0;t=1, "minute'],
    ['a parameter key in upper case', '"burst";R=0;t=1'],
    ['a trailing comma', '"burst";r=0;t=1,'],
    ['a control character', '"burst";r=0;t=1\u0001'],
  ])('ignores the whole field when it does not parse: %s', (_name, value) => {
    expect(parseRateLimit(value)).toEqual([])
  })

  it('never throws on arbitrary input, and whatever it returns is well-formed', () => {
    const member = fc.tuple(fc.oneof(fc.constantFrom('"minute"', 'burst', '"a,b"', '12', '?1'), fc.string()), fc.constantFrom(';r=0', ';t=5', ';r=-1', ';r=1.5', '', ';x'))
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(member, { maxLength: 4 }).map((ms) => ms.map(([a, b]) => a + b).join(', '))), (s) => {
        for (const e of parseRateLimit(s)) {
          expect(typeof e.policy).toBe('string')
          if (e.remaining !== undefined) expect(Number.isSafeInteger(e.remaining) && e.remaining >= 0).toBe(true)
          if (e.resetSeconds !== undefined) expect(Number.isSafeInteger(e.resetSeconds) && e.resetSeconds >= 0).toBe(true)
        }
      }),
    )
  })
})

describe('serverWaitMs', () => {
  it.each([
    [{}, undefined],
    [{ 'retry-after': '2' }, 2_000],
    [{ ratelimit: '"minute";r=0;t=12' }, 12_000],
    [{ ratelimit: '"minute";r=4;t=12' }, undefined],
    [{ 'retry-after': '2', ratelimit: '"burst";r=0;t=1, "minute";r=0;t=12' }, 12_000],
    [{ 'retry-after': '30', ratelimit: '"burst";r=0;t=1' }, 30_000],
    // A malformed RateLimit field is ignored: the wait is Retry-After's, or nothing (then backoff).
    [{ 'retry-after': '3', ratelimit: '"minute";r=0;t=40, ;' }, 3_000],
    [{ ratelimit: '"minute";r=0;t=40, ;' }, undefined],
  ])('%j → %j', (headers, ms) => {
    expect(serverWaitMs(new Headers(headers), NOW)).toBe(ms)
  })
})

describe('retryDelayMs', () => {
  it('never shortens the server wait, and grows with jitter bounded by maxDelayMs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, server, r) => {
        const d = retryDelayMs(attempt, server, DEFAULT_RETRY, () => r)
        const step = Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** attempt)
        expect(d).toBeGreaterThanOrEqual((server ?? 0) + step / 2)
        expect(d).toBeLessThanOrEqual((server ?? 0) + step + 1)
      }),
    )
  })

  it.each([
    [0, undefined, 0, 125],
    [0, undefined, 0.5, 188],
    [2, undefined, 0, 500],
    [0, 1_000, 0, 1_125],
    [20, undefined, 1, 30_000],
  ])('attempt %i, server %j, random %f → %i', (attempt, server, r, ms) => {
    expect(retryDelayMs(attempt, server, DEFAULT_RETRY, () => r)).toBe(ms)
  })
})
