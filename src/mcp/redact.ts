/**
 * @module Redaction of located strings in a JSON value: values, object keys and base64 blobs. Pure.
 *
 * Locations come from model-text.ts: a JSON pointer for a value, `key:` + pointer for the key of a
 * member (the key is renamed: an injection hides in attacker-chosen property names too), `blob:` +
 * pointer for a base64 blob (replaced by the marker, base64-encoded so the field stays valid). The
 * input is never mutated; only the paths that change are copied.
 */
import { BLOB, KEY } from './model-text'

export const REDACTED = '[redacted by Tollgate: this tool output contained text resembling instructions to the model]'
const REDACTED_KEY = (n: number) => `[redacted by Tollgate: key ${n}]`

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** RFC 6901 pointer → path tokens. */
function tokens(pointer: string): string[] {
  return pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** Copies along `path` and applies `edit` to the container holding its last token. */
function editAt(root: unknown, path: readonly string[], edit: (container: unknown, last: string) => unknown): unknown {
  if (path.length === 1) return edit(root, path[0]!)
  const [head, ...rest] = path as [string, ...string[]]
  if (Array.isArray(root)) {
    const i = Number(head)
    if (!Number.isInteger(i) || i < 0 || i >= root.length) return root
    const copy = root.slice()
    copy[i] = editAt(root[i], rest, edit)
    return copy
  }
  if (isObject(root) && Object.hasOwn(root, head)) return { ...root, [head]: editAt(root[head], rest, edit) }
  return root
}

/** Replaces the string member `last` of a container (array or object). */
const replaceString = (value: string) => (container: unknown, last: string) => {
  if (Array.isArray(container)) {
    const i = Number(last)
    if (!Number.isInteger(i) || typeof container[i] !== 'string') return container
    const copy = container.slice()
    copy[i] = value
    return copy
  }
  if (isObject(container) && typeof container[last] === 'string') return { ...container, [last]: value }
  return container
}

/** Renames member `last` of an object, keeping member order. */
const renameKey = (name: string) => (container: unknown, last: string) => {
  if (!isObject(container) || !Object.hasOwn(container, last)) return container
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(container)) out[k === last ? name : k] = v
  return out
}

/** `root` with every location replaced by the marker. Keys are renamed last, deepest first. */
export function redact(root: unknown, locations: Iterable<string>): unknown {
  const keys: string[][] = []
  let out = root
  for (const location of new Set(locations)) {
    if (location.startsWith(KEY)) keys.push(tokens(location.slice(KEY.length)))
    else if (location.startsWith(BLOB)) out = editAt(out, tokens(location.slice(BLOB.length)), replaceString(btoa(REDACTED)))
    else if (location === '') out = typeof out === 'string' ? REDACTED : out
    else out = editAt(out, tokens(location), replaceString(REDACTED))
  }
  keys.sort((a, b) => b.length - a.length)
  keys.forEach((path, n) => {
    if (path.length > 0) out = editAt(out, path, renameKey(REDACTED_KEY(n + 1)))
  })
  return out
}
