/**
 * @module tools/list responses: least privilege in discovery, tool-poisoning screening, fingerprints. Pure.
 *
 * A tool is shown to an agent only if it is declared in MCP_TOOLS, the agent holds its scopes,
 * its definition screens clean (descriptions and schemas are read by the model as instructions:
 * "tool poisoning") and it is not quarantined. Everything else is dropped, never rewritten.
 */
import type { McpTool } from '../config/mcp'
import { missingScopes } from '../policy/match'
import { collectJsonStrings } from '../screening/extract'
import { screenTexts } from '../screening/screen'
import type { ScreenOptions, ScreenResult } from '../screening/types'
import { MODEL_FACING, ruleIds } from './policy'
import { pinnedDefinition, toolHash } from './tool-hash'

export type ReviewedTool = {
  readonly name: string
  readonly hash: string
  /** The pinned fields as canonical JSON (what the hash covers), kept for operators' review. */
  readonly definition: string
  readonly declared: boolean
  /** The calling agent holds the declared tool's scopes. */
  readonly permitted: boolean
  readonly screening: ScreenResult
  readonly poisoned: boolean
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The `tools` array of a tools/list result, or undefined when the result is not shaped like one. */
export function listedTools(result: unknown): Record<string, unknown>[] | undefined {
  if (!isObject(result) || !Array.isArray(result['tools'])) return undefined
  return result['tools'].filter(isObject)
}

/** Text of one definition a model reads: title, description and every string (and key) of the schemas. */
export function definitionTexts(tool: Record<string, unknown>): { location: string; text: string }[] {
  const out: { location: string; text: string }[] = []
  for (const key of ['title', 'description'] as const) {
    if (typeof tool[key] === 'string') out.push({ location: `/${key}`, text: tool[key] as string })
  }
  for (const key of ['inputSchema', 'outputSchema'] as const) {
    if (tool[key] !== undefined) for (const s of collectJsonStrings(tool[key])) out.push({ location: `/${key}${s.location}`, text: s.text })
  }
  return out
}

export async function reviewTools(
  tools: readonly Record<string, unknown>[],
  declared: ReadonlyMap<string, McpTool>,
  heldScopes: readonly string[],
  screen: Partial<ScreenOptions>,
): Promise<ReviewedTool[]> {
  const out: ReviewedTool[] = []
  for (const t of tools) {
    if (typeof t['name'] !== 'string') continue
    const name = t['name']
    const policy = declared.get(name)
    const screening = screenTexts(definitionTexts(t), { ...screen, categories: MODEL_FACING })
    out.push({
      name,
      hash: await toolHash({ name, description: t['description'], inputSchema: t['inputSchema'] }),
      definition: pinnedDefinition({ name, description: t['description'], inputSchema: t['inputSchema'] }),
      declared: policy !== undefined,
      permitted: policy !== undefined && missingScopes(policy.scopes, heldScopes).length === 0,
      screening,
      poisoned: screening.verdict === 'block',
    })
  }
  return out
}

/** The result with only the named tools kept (in their order); other result members untouched. */
export function keepTools(result: Record<string, unknown>, keep: ReadonlySet<string>): Record<string, unknown> {
  const tools = listedTools(result) ?? []
  return { ...result, tools: tools.filter((t) => typeof t['name'] === 'string' && keep.has(t['name'])) }
}

export { ruleIds }
