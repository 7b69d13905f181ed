/**
 * @module tools/list answers: least privilege in discovery, tool-poisoning screening, fingerprints. Pure.
 *
 * A tool is shown to an agent only if it is declared in MCP_TOOLS, the agent holds its scopes, its
 * whole definition screens clean (every key and string at every depth: title, description,
 * annotations, schemas, `_meta` … are read by models as instructions: "tool poisoning") and its pin
 * allows it (pins-core.ts). Everything else is dropped, never rewritten. A list naming one tool
 * twice is refused whole: a client keeps one of the two entries, and which one is not ours to guess.
 */
import type { McpTool } from '../config/mcp'
import { missingScopes } from '../policy/match'
import { screenTexts } from '../screening/screen'
import type { ScreenOptions, ScreenResult } from '../screening/types'
import { isJson, type Json } from './envelope'
import { modelTexts } from './model-text'
import type { Observation } from './pins-core'
import { MODEL_FACING, ruleIds } from './policy'
import { canonicalJson, legacyToolHash, toolHash } from './tool-hash'

export type ReviewedTool = {
  readonly name: string
  readonly hash: string
  /** The whole definition as canonical JSON (what the hash covers), kept for operators' review. */
  readonly definition: string
  readonly legacyHash: string
  readonly declared: boolean
  /** The calling agent holds the declared tool's scopes. */
  readonly permitted: boolean
  readonly screening: ScreenResult
  readonly poisoned: boolean
}

export type ListReview = { readonly ok: true; readonly tools: readonly ReviewedTool[] } | { readonly ok: false; readonly reason: 'not_a_list' | 'duplicate_names' }

/** Entries a client would accept as tools (an object with a string name); others are dropped. */
export function listedTools(result: Json): Json[] | undefined {
  const tools = result['tools']
  return Array.isArray(tools) ? tools.filter((t): t is Json => isJson(t) && typeof t['name'] === 'string') : undefined
}

export async function reviewTools(result: Json, declared: ReadonlyMap<string, McpTool>, heldScopes: readonly string[], screen: Partial<ScreenOptions>): Promise<ListReview> {
  const tools = listedTools(result)
  if (!tools) return { ok: false, reason: 'not_a_list' }
  if (new Set(tools.map((t) => t['name'])).size !== tools.length) return { ok: false, reason: 'duplicate_names' }
  const out: ReviewedTool[] = []
  for (const t of tools) {
    const name = t['name'] as string
    const policy = declared.get(name)
    const screening = screenTexts(modelTexts(t), { ...screen, categories: MODEL_FACING })
    out.push({
      name,
      hash: await toolHash(t),
      definition: canonicalJson(t),
      legacyHash: await legacyToolHash({ name, description: t['description'], inputSchema: t['inputSchema'] }),
      declared: policy !== undefined,
      permitted: policy !== undefined && missingScopes(policy.scopes, heldScopes).length === 0,
      screening,
      poisoned: screening.verdict === 'block',
    })
  }
  return { ok: true, tools: out }
}

/** Pin observations of the declared tools of a reviewed list. */
export function observations(tools: readonly ReviewedTool[], declared: ReadonlyMap<string, McpTool>): Observation[] {
  return tools
    .filter((t) => t.declared)
    .map((t) => {
      const pin = declared.get(t.name)?.pin
      return { name: t.name, hash: t.hash, definition: t.definition, legacyHash: t.legacyHash, poisoned: t.poisoned, ruleIds: ruleIds(t.screening), ...(pin !== undefined ? { configPin: pin } : {}) }
    })
}

/** The result with only the named tools kept (in their order); other result members untouched. */
export function keepTools(result: Json, keep: ReadonlySet<string>): Json {
  const tools = listedTools(result) ?? []
  return { ...result, tools: tools.filter((t) => keep.has(t['name'] as string)) }
}
