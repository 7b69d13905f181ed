/** @module Streamed answers: a secret split anywhere across chunks is still redacted, in bounded memory. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { marker, newTally } from '../../../src/dlp/scan'
import { redactStream, safeCut, STREAM_WINDOW, type StreamOutcome } from '../../../src/dlp/stream'
import { MAX_MATCH_LENGTH } from '../../../src/dlp/catalog'
import { policy, REDACT_ALL, SECRETS } from './fixtures'

const enc = new TextEncoder()

function source(chunks: readonly Uint8Array[], delayMs = 0): ReadableStream<Uint8Array> {
  let i = 0
  return new ReadableStream<Uint8Array>({
    async pull(c) {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs))
      if (i < chunks.length) c.enqueue(chunks[i++]!)
      else c.close()
    },
  })
}

/** Cuts the UTF-8 bytes of `text` at the given offsets (sorted, deduplicated): any byte, even mid-character. */
function cut(text: string, offsets: readonly number[]): Uint8Array[] {
  const bytes = enc.encode(text)
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b)
  const out: Uint8Array[] = []
  let at = 0
  for (const p of [...points, bytes.length]) {
    if (p > at) out.push(bytes.slice(at, p))
    at = p
  }
  return out
}

async function run(chunks: readonly Uint8Array[], p = REDACT_ALL) {
  const tally = newTally()
  let outcome: StreamOutcome | undefined
  const text = await new Response(redactStream(source(chunks), p, tally, (o) => (outcome = o))).text()
  return { text, tally, outcome }
}

const SECRET_TEXT = `line one ✓\nroot creds ${SECRETS.aws_access_key} then ${SECRETS.stripe} and card 4539148803436467\nsse: data: ${SECRETS.github_classic}\n\ntail é`
const EXPECTED = `line one ✓\nroot creds ${marker('secret.aws_access_key')} then ${marker('secret.stripe_key')} and card ${marker('pii.card')}\nsse: data: ${marker('secret.github_token')}\n\ntail é`

describe('redactStream', () => {
  it('property: whatever the chunk boundaries (mid-secret, mid-character), the output is the redacted text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 40 }), async (offsets) => {
        const { text, tally, outcome } = await run(cut(SECRET_TEXT, offsets))
        expect(text).toBe(EXPECTED)
        expect(tally.counts).toEqual({ 'secret.aws_access_key': 1, 'secret.stripe_key': 1, 'pii.card': 1, 'secret.github_token': 1 })
        expect(outcome).toBe('complete')
      }),
      { numRuns: 300 },
    )
  })

  it('property: a secret split inside one very long line (no newline) is still found', async () => {
    const filler = 'a '.repeat(STREAM_WINDOW)
    const long = `${filler}${SECRETS.stripe} ${filler}`
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: SECRETS.stripe.length - 1 }), fc.integer({ min: 100, max: 9000 }), async (split, size) => {
        const at = filler.length + split
        const chunks = [...cut(long.slice(0, at), [size, 2 * size]), ...cut(long.slice(at), [size])]
        const { text } = await run(chunks)
        expect(text).toBe(`${filler}${marker('secret.stripe_key')} ${filler}`)
      }),
      { numRuns: 40 },
    )
  })

  it('emits each complete line as soon as it arrives (SSE events are not held back)', async () => {
    const tally = newTally()
    let pushed!: ReadableStreamDefaultController<Uint8Array>
    const src = new ReadableStream<Uint8Array>({ start: (c) => void (pushed = c) })
    const reader = redactStream(src, REDACT_ALL, tally, () => {}).getReader()
    pushed.enqueue(enc.encode(`data: {"card":"4539148803436467"}\n\n: keep-alive\n\ndata: partial ${SECRETS.stripe.slice(0, 12)}`))
    const first = new TextDecoder().decode((await reader.read()).value)
    expect(first).toBe(`data: {"card":"${marker('pii.card')}"}\n\n: keep-alive\n\n`)
    pushed.enqueue(enc.encode(`${SECRETS.stripe.slice(12)}\n\n`))
    pushed.close()
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(`data: partial ${marker('secret.stripe_key')}\n\n`)
    expect((await reader.read()).done).toBe(true)
  })

  it('holds a PEM key until its END line arrives, then redacts it whole', async () => {
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7Vq\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END RSA PRIVATE KEY-----'
    const { text } = await run(cut(`before\n${key}\nafter\n`, [12, 30, 45, 70]))
    expect(text).toBe(`before\n${marker('secret.private_key')}\nafter\n`)
  })

  it('keeps memory bounded: the held text never exceeds the window', () => {
    expect(STREAM_WINDOW).toBeGreaterThan(MAX_MATCH_LENGTH)
    const line = 'x'.repeat(3 * STREAM_WINDOW)
    expect(line.length - safeCut(line, [])).toBe(STREAM_WINDOW)
    expect(safeCut(`done\n${'y'.repeat(10)}`, [])).toBe(5)
  })

  it('block aborts the stream with an error instead of truncating it silently', async () => {
    const tally = newTally()
    let outcome: StreamOutcome | undefined
    const body = redactStream(source(cut(SECRET_TEXT, [5])), policy({ secret: 'block' }), tally, (o) => (outcome = o))
    await expect(new Response(body).text()).rejects.toThrow()
    expect(outcome).toBe('blocked')
    expect(tally.worst).toBe('block')
  })

  it('errors on bytes that are not UTF-8 (they cannot be scanned, so they are not passed)', async () => {
    let outcome: StreamOutcome | undefined
    const body = redactStream(source([enc.encode('fine\n'), new Uint8Array([0xff, 0xfe, 0x0a])]), REDACT_ALL, newTally(), (o) => (outcome = o))
    await expect(new Response(body).text()).rejects.toThrow()
    expect(outcome).toBe('unscannable')
  })

  it('reports a client that goes away as cancelled, once', async () => {
    const outcomes: StreamOutcome[] = []
    const reader = redactStream(source([enc.encode('a\n'), enc.encode('b\n')], 5), REDACT_ALL, newTally(), (o) => outcomes.push(o)).getReader()
    await reader.read()
    await reader.cancel()
    expect(outcomes).toEqual(['cancelled'])
  })
})
