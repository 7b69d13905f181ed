/**
 * @module Redaction of an already parsed JSON value (an MCP message), copy-on-write. Pure.
 *
 * Every string value is scanned with its member name as context (array items inherit the name of
 * their array), member names themselves too, and long integers (cards, phone numbers as numbers).
 * Base64 payloads are skipped: `data` of image and audio content and `blob` of resources are bytes,
 * not text a model reads. Unchanged subtrees are returned as the same objects.
 */
import type { DlpPolicy } from './policy'
import { scanString } from './scan'
import type { Tally } from './types'

/** Deeper than this the value is refused as unscannable rather than walked. */
export const MAX_VALUE_DEPTH = 128

export class TooDeep extends Error {
  override name = 'TooDeep'
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const BINARY_TYPES = new Set(['image', 'audio'])

function isBinary(owner: Record<string, unknown>, key: string): boolean {
  return key === 'blob' || (key === 'data' && typeof owner['type'] === 'string' && BINARY_TYPES.has(owner['type']))
}

export function redactValue(value: unknown, policy: DlpPolicy, tally: Tally, key?: string, depth = 0): unknown {
  if (depth > MAX_VALUE_DEPTH) throw new TooDeep(`deeper than ${MAX_VALUE_DEPTH}`)
  if (typeof value === 'string') return scanString(value, { key }, policy, tally)
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || Math.abs(value) < 1_000_000) return value
    const text = String(Math.abs(value))
    const next = scanString(text, { key }, policy, tally)
    return next === text ? value : next
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    for (let i = 0; i < value.length; i++) {
      const next = redactValue(value[i], policy, tally, key, depth + 1)
      if (next !== value[i]) (copy ??= value.slice())[i] = next
    }
    return copy ?? value
  }
  if (isObject(value)) {
    let copy: Record<string, unknown> | undefined
    for (const k of Object.keys(value)) {
      const child = value[k]
      const name = scanString(k, {}, policy, tally)
      const next = isBinary(value, k) ? child : redactValue(child, policy, tally, k, depth + 1)
      if (name !== k) {
        copy ??= { ...value }
        delete copy[k]
        copy[name] = next
      } else if (next !== child) (copy ??= { ...value })[k] = next
    }
    return copy ?? value
  }
  return value
}
