/**
 * @module Path normalisation: one canonical spelling per path, decided before any policy is matched.
 *
 * Decodes percent-escapes exactly once, collapses `//`, resolves `.` and `..`, and refuses what
 * could be read differently downstream: encoded `/` or `\`, backslashes, NUL and other controls,
 * `;` path parameters (Tomcat/Spring `..;/`), double encoding (`%25xx` decoding to `%xx`), and
 * over-long paths. The origin receives the canonical form, so it sees exactly what was matched.
 */
export type NormalizedPath = { ok: true; path: string; segments: string[] } | { ok: false; reason: string }

const ENCODED_SEPARATOR = /%(2f|5c)/i
const CONTROL = /[\x00-\x1f\x7f]/
/** RFC 3986 pchar without `;` (path parameters), `%` (no second decoding layer) and `\`. */
const SAFE_SEGMENT = /^[A-Za-z0-9._~!$&'()*+,=:@\-\u0080-\uffff]*$/

export function normalizePath(rawPath: string, maxLength: number): NormalizedPath {
  if (rawPath.length > maxLength) return { ok: false, reason: 'too_long' }
  if (!rawPath.startsWith('/')) return { ok: false, reason: 'not_absolute' }
  if (rawPath.includes('\\')) return { ok: false, reason: 'backslash' }
  if (ENCODED_SEPARATOR.test(rawPath)) return { ok: false, reason: 'encoded_separator' }
  let decoded: string
  try {
    decoded = decodeURIComponent(rawPath)
  } catch {
    return { ok: false, reason: 'bad_percent_encoding' }
  }
  if (CONTROL.test(decoded)) return { ok: false, reason: 'control_character' }
  if (decoded.includes('\\')) return { ok: false, reason: 'backslash' }
  if (decoded.includes('%')) return { ok: false, reason: 'double_encoding' }
  const out: string[] = []
  for (const seg of decoded.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') {
      if (out.length === 0) return { ok: false, reason: 'traversal_above_root' }
      out.pop()
      continue
    }
    if (!SAFE_SEGMENT.test(seg)) return { ok: false, reason: 'unsafe_character' }
    out.push(seg)
  }
  const path = '/' + out.map((s) => encodeURIComponent(s)).join('/')
  return { ok: true, path, segments: out }
}
