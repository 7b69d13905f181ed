/**
 * @module Field roles: which part of the screen judges a string, by where it sits in the request.
 *
 * - `text` (default): everything runs.
 * - `document`: third-party content (an e-mail, a page, a review, a tool result): everything runs;
 *   indirect injection is the main risk there, and the rules for it are prose rules.
 * - `code`: source code and logs. SQL, markup and shell in code are normal, so the web-attack
 *   rules, the web head and the shell-payload rule (TC-001) do not run; prompt attacks in
 *   comments and strings still do.
 * - `identifier`: ids, SKUs, slugs, codes. No sentence fits in one, so only the web-attack checks
 *   run (an id that carries `' OR 1=1` is still caught).
 */
export const FIELD_ROLES = ['text', 'document', 'code', 'identifier'] as const
export type FieldRole = (typeof FIELD_ROLES)[number]

/** Location (a JSON pointer, as collectJsonStrings writes it) → role; undefined = `text`. */
export type RoleMatcher = (location: string) => FieldRole | undefined

/**
 * Compiles `{ "/notes": "document", "/items/*\/sku": "identifier" }` into a matcher. A pattern
 * matches the pointer of the field and everything under it (`/attachments` covers
 * `/attachments/0/body`); `*` is one segment. The longest matching pattern wins.
 */
export function compileRoles(fields: Readonly<Record<string, FieldRole>>): RoleMatcher {
  const table = Object.entries(fields)
    .map(([pointer, role]) => ({ segments: pointer.split('/').slice(1), role }))
    .sort((a, b) => b.segments.length - a.segments.length)
  return (location) => {
    if (!location.startsWith('/')) return undefined
    const parts = location.split('/').slice(1)
    for (const { segments, role } of table) {
      if (segments.length > parts.length) continue
      let ok = true
      for (let i = 0; i < segments.length && ok; i++) ok = segments[i] === '*' || segments[i] === parts[i]
      if (ok) return role
    }
    return undefined
  }
}
