/** @module Helpers every detector table uses: a global-regex walker, context windows, placeholders. Pure. */
import type { Confidence, Match, ScanContext } from '../types'

/**
 * Runs a global regex over `text` and keeps what `judge` accepts. `judge` returns the confidence
 * (the match, or capture group `group` when set, becomes the span) or null to drop it. A pattern
 * used with `group` carries the `d` flag, so the group's offsets are exact.
 * Every pattern given here is linear: bounded quantifiers over disjoint classes, no nesting.
 */
export function matches(re: RegExp, text: string, judge: (m: RegExpExecArray) => Confidence | null, group?: number): Match[] {
  const out: Match[] = []
  re.lastIndex = 0
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++
      continue
    }
    const confidence = judge(m)
    if (confidence === null) continue
    const span = group === undefined ? undefined : m.indices?.[group]
    if (span) out.push({ start: span[0], end: span[1], confidence })
    else out.push({ start: m.index, end: m.index + m[0].length, confidence })
  }
  return out
}

/** The `n` characters before `start` (labels such as "SSN:" or "aws_secret_access_key ="). */
export const before = (text: string, start: number, n: number): string => text.slice(Math.max(0, start - n), start)

/** The text around a span, `n` characters each side. */
export const around = (text: string, start: number, end: number, n: number): string => text.slice(Math.max(0, start - n), end + n)

/** Values that stand for a secret without being one: masks, template variables, words. */
const PLACEHOLDER = /^(?:[*xX•.#-]+|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%[A-Za-z_]+%|\[REDACTED[^\]]*\]|null|none|undefined|true|false|redacted|changeme|your[_-]?\w*|example\w*|placeholder|secret|password|token|string|xxx+)$/i

export const isPlaceholder = (v: string): boolean => PLACEHOLDER.test(v)

const snakeCache = new Map<string, string>()

/**
 * camelCase / kebab / dotted names → lower snake_case, so one table of key names matches all
 * spellings. Memoised (bounded): JSON answers repeat the same member names many times.
 */
export function snakeName(name: string): string {
  let out = snakeCache.get(name)
  if (out === undefined) {
    out = name
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .toLowerCase()
    if (snakeCache.size >= 2_048) snakeCache.clear()
    if (name.length <= 128) snakeCache.set(name, out)
  }
  return out
}

/** Whether the member name (snake-cased) matches a label pattern. */
export const keyIs = (ctx: ScanContext, re: RegExp): boolean => ctx.key !== undefined && re.test(snakeName(ctx.key))

