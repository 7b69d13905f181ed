import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DENIAL_CODES } from '../../../src/errors/codes'

const doc = readFileSync(new URL('../../../docs/error-codes.md', import.meta.url), 'utf8')

describe('docs/error-codes.md', () => {
  it.each(Object.entries(DENIAL_CODES))('documents %s with its status', (code, spec) => {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${code}\` |`))
    expect(row, `${code} is missing from docs/error-codes.md`).toBeDefined()
    expect(row!.split('|')[2]!.trim()).toBe(String(spec.status))
  })

  it('codes are stable UPPER_SNAKE', () => {
    for (const code of Object.keys(DENIAL_CODES)) expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/)
  })
})
