/**
 * @module Tool definition fingerprint for rug-pull pinning: SHA-256 over canonical JSON. Pure.
 *
 * The pinned fields are what a model reads and obeys: name, description and input schema. Keys are
 * sorted at every depth (RFC 8785 style) so a server re-ordering its JSON is not a change.
 */

/** Canonical JSON: sorted object keys, no whitespace; undefined members dropped as JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`
}

export type ToolDefinition = { readonly name: string; readonly description?: unknown; readonly inputSchema?: unknown }

/** The pinned part of a definition as canonical JSON: what is hashed, and what operators review. */
export function pinnedDefinition(def: ToolDefinition): string {
  return canonicalJson({ name: def.name, description: def.description ?? null, inputSchema: def.inputSchema ?? null })
}

/** Lowercase hex SHA-256 of `{name, description, inputSchema}` (absent fields hash as null). */
export async function toolHash(def: ToolDefinition): Promise<string> {
  const text = pinnedDefinition(def)
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
