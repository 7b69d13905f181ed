/** @module Each action (off, log, redact, block) on strings, JSON texts and parsed values; JSON stays valid. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { redactJsonText } from '../../../src/dlp/json-text'
import { actionOf, compilePolicy } from '../../../src/dlp/policy'
import { marker, newTally, scanString } from '../../../src/dlp/scan'
import { redactValue, TooDeep } from '../../../src/dlp/value'
import { policy, REDACT_ALL, SECRETS } from './fixtures'

const CARD = '4539 1488 0343 6467'
const EMAIL = 'ana.lopez@acmeshop.dev'

describe('policy', () => {
  it('takes the action of the longest configured prefix, off when none', () => {
    const rules = { pii: 'log', 'pii.card': 'redact', 'pii.national_id': 'block', secret: 'redact' } as const
    expect(actionOf(rules, 'pii.card')).toBe('redact')
    expect(actionOf(rules, 'pii.email')).toBe('log')
    expect(actionOf(rules, 'pii.national_id.us_ssn')).toBe('block')
    expect(actionOf(rules, 'secret.jwt')).toBe('redact')
    expect(actionOf({ pii: 'log' }, 'secret.jwt')).toBe('off')
  })

  it('compiles to nothing when every detector is off, and runs only the detectors that are on', () => {
    expect(compilePolicy({}, 'medium', 'block')).toBeUndefined()
    expect(compilePolicy({ secret: 'off', pii: 'off' }, 'medium', 'block')).toBeUndefined()
    const cards = compilePolicy({ 'pii.card': 'redact' }, 'medium', 'block')!
    expect(cards.detectors.map((d) => d.id)).toEqual(['pii.card'])
  })
})

describe('actions on one string', () => {
  const text = `card ${CARD}, mail ${EMAIL}, key ${SECRETS.stripe}`
  it('redact replaces each finding by its marker and counts it', () => {
    const tally = newTally()
    const out = scanString(text, {}, REDACT_ALL, tally)
    expect(out).toBe(`card ${marker('pii.card')}, mail ${marker('pii.email')}, key ${marker('secret.stripe_key')}`)
    expect(tally.counts).toEqual({ 'pii.card': 1, 'pii.email': 1, 'secret.stripe_key': 1 })
    expect(tally.redacted).toEqual(tally.counts)
    expect(tally.worst).toBe('redact')
  })

  it('log leaves the text as it is but counts', () => {
    const tally = newTally()
    expect(scanString(text, {}, policy({ pii: 'log', secret: 'log' }), tally)).toBe(text)
    expect(tally.counts).toEqual({ 'pii.card': 1, 'pii.email': 1, 'secret.stripe_key': 1 })
    expect(tally.redacted).toEqual({})
    expect(tally.worst).toBe('log')
  })

  it('block marks the whole answer (worst) and redacts nothing itself', () => {
    const tally = newTally()
    expect(scanString(text, {}, policy({ 'pii.card': 'block', secret: 'redact' }), tally)).toBe(`card ${CARD}, mail ${EMAIL}, key ${marker('secret.stripe_key')}`)
    expect(tally.worst).toBe('block')
  })

  it('off does not look at all', () => {
    const tally = newTally()
    expect(scanString(text, {}, policy({ secret: 'redact' }), tally)).toBe(`card ${CARD}, mail ${EMAIL}, key ${marker('secret.stripe_key')}`)
    expect(tally.counts).toEqual({ 'secret.stripe_key': 1 })
  })

  it('keeps the values it saw only as bounded samples for fingerprints', () => {
    const tally = newTally()
    scanString(Array.from({ length: 50 }, (_, i) => `u${i}@acmeshop.dev`).join(' '), {}, REDACT_ALL, tally)
    expect(tally.counts['pii.email']).toBe(50)
    expect(tally.samples.length).toBe(32)
  })
})

describe('JSON text, structurally', () => {
  it('redacts string values and keeps every other byte', () => {
    const text = '{ "id" : 12345678901234567890,\n  "card": "4539 1488 0343 6467", "note":"ok\\u00e9", "n": [1.5e3, true, null] }'
    const out = redactJsonText(text, REDACT_ALL, newTally())!
    expect(out).toBe(`{ "id" : 12345678901234567890,\n  "card": "${marker('pii.card')}", "note":"ok\\u00e9", "n": [1.5e3, true, null] }`)
    expect(() => JSON.parse(out)).not.toThrow()
  })

  it('returns the same text when nothing is found', () => {
    const text = '{"products":[{"id":"1","name":"Trail shoe #1","price":20}]}'
    expect(redactJsonText(text, REDACT_ALL, newTally())).toBe(text)
  })

  it('decodes escapes before scanning, so \\u-escaped secrets are found', () => {
    const escaped = SECRETS.stripe.replace(/s/g, '\\u0073')
    const out = redactJsonText(`{"k":"${escaped}"}`, REDACT_ALL, newTally())!
    expect(JSON.parse(out)).toEqual({ k: marker('secret.stripe_key') })
  })

  it('uses the member name as context, also for items of an array value', () => {
    const out = redactJsonText('{"api_keys":["Zk3u8Qw1Lp0Rt6Yv2Nb5Mc4Xd7Se9Fg"],"nested":{"password":"Tr0ub4dor&3"},"label":"Tr0ub4dor&3"}', REDACT_ALL, newTally())!
    expect(JSON.parse(out)).toEqual({ api_keys: [marker('secret.assignment')], nested: { password: marker('secret.assignment') }, label: 'Tr0ub4dor&3' })
  })

  it('turns a card or phone number written as a JSON number into a marker string', () => {
    const out = redactJsonText('{"pan":4539148803436467,"mobile":4915112345678,"qty":3}', REDACT_ALL, newTally())!
    expect(JSON.parse(out)).toEqual({ pan: marker('pii.card'), mobile: marker('pii.phone'), qty: 3 })
  })

  it('redacts member names too', () => {
    const out = redactJsonText(`{"${EMAIL}":{"orders":2}}`, REDACT_ALL, newTally())!
    expect(JSON.parse(out)).toEqual({ [marker('pii.email')]: { orders: 2 } })
  })

  it('refuses text that is not JSON-shaped, so the caller scans all of it as text', () => {
    for (const text of [`{key: ${SECRETS.stripe}}`, `{"a": 1} ${SECRETS.stripe}`, '{"a": "unterminated', 'NaN', '{"a": undefined}']) {
      expect(redactJsonText(text, REDACT_ALL, newTally()), text).toBeNull()
    }
  })

  it('property: any JSON value with secrets planted in its strings comes out valid, same shape, secrets gone', () => {
    const planted = fc.constantFrom(SECRETS.stripe, SECRETS.github_classic, CARD, EMAIL, SECRETS.aws_access_key)
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.tuple(fc.string(), planted, fc.string()).map(([a, s, b]) => `${a} ${s} ${b}`))
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 })),
    })).node
    fc.assert(
      fc.property(value, fc.boolean(), (v, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined)
        const out = redactJsonText(text, REDACT_ALL, newTally())
        expect(out).not.toBeNull()
        const parsed = JSON.parse(out!) as unknown
        const again = JSON.stringify(parsed)
        for (const s of [SECRETS.stripe, SECRETS.github_classic, CARD, EMAIL, SECRETS.aws_access_key]) expect(again.includes(s)).toBe(false)
        expect(typeof parsed).toBe(typeof v === 'undefined' ? 'undefined' : typeof JSON.parse(text))
      }),
      { numRuns: 300 },
    )
  })
})

describe('parsed values (MCP messages)', () => {
  it('redacts copy-on-write and leaves unchanged subtrees as the same objects', () => {
    const clean = { a: [1, 2, 3] }
    const value = { clean, text: `card ${CARD}`, list: [EMAIL, 'ok'] }
    const out = redactValue(value, REDACT_ALL, newTally()) as typeof value
    expect(out).not.toBe(value)
    expect(out.clean).toBe(clean)
    expect(out).toEqual({ clean, text: `card ${marker('pii.card')}`, list: [marker('pii.email'), 'ok'] })
    expect(value.text).toBe(`card ${CARD}`)
  })

  it('skips base64 payloads of images, audio and blobs', () => {
    const data = Buffer.from(`4539148803436467 ${SECRETS.stripe}`).toString('base64')
    const items = [{ type: 'image', data, mimeType: 'image/png' }, { type: 'audio', data, mimeType: 'audio/wav' }, { type: 'resource', resource: { uri: 'file:///x', blob: data } }]
    expect(redactValue(items, REDACT_ALL, newTally())).toBe(items)
  })

  it('refuses to walk past the depth bound', () => {
    let deep: unknown = 'x'
    for (let i = 0; i < 200; i++) deep = [deep]
    expect(() => redactValue(deep, REDACT_ALL, newTally())).toThrow(TooDeep)
  })
})
