/**
 * @module Tool definition fingerprints for rug-pull pinning: SHA-256 over canonical JSON. Pure.
 *
 * The fingerprint covers the whole definition as listed (name, title, description, annotations,
 * inputSchema, outputSchema, `_meta`, icons and anything a later protocol revision adds): a client
 * may hand any of it to a model, so a change to any member is a change of the tool. Keys are
 * sorted at every depth (RFC 8785 style) so a server re-ordering its JSON is not a change.
 * `legacyToolHash` is the round-1 fingerprint (name, description, inputSchema), kept only to
 * recognise pins learned before (pins-core.ts).
 */

/** Canonical JSON: sorted object keys, no whitespace; undefined members dropped as JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export type ToolDefinition = { readonly name: string; readonly description?: unknown; readonly inputSchema?: unknown }

/** Lowercase hex SHA-256 of the canonical JSON of the whole definition. */
export function toolHash(definition: Readonly<Record<string, unknown>>): Promise<string> {
  return sha256Hex(canonicalJson(definition))
}

/** The round-1 fingerprint: SHA-256 of `{name, description, inputSchema}` (absent fields as null). */
export function legacyToolHash(def: ToolDefinition): Promise<string> {
  return sha256Hex(canonicalJson({ name: def.name, description: def.description ?? null, inputSchema: def.inputSchema ?? null }))
}
