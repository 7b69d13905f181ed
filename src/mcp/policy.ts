/**
 * @module The tools/call policy: declared tool, scopes, strict arguments, screened strings. Pure.
 *
 * Default deny: only tools named in MCP_TOOLS are callable. Screening runs even when the call is
 * refused for another reason, because findings must reach the guard as risk (DESIGN.md).
 */
import type { McpTool } from '../config/mcp'
import { TOOL_NAME } from '../config/mcp'
import type { DenialCode } from '../errors/codes'
import { missingScopes } from '../policy/match'
import { collectJsonStrings } from '../screening/extract'
import { screenTexts } from '../screening/screen'
import type { Category, ScreenOptions, ScreenResult } from '../screening/types'
import { checkArguments } from './args'
import { paramsObject, type RpcRequest } from './jsonrpc'

export type CallVerdict = {
  /** The tool name as the body gives it (undefined when absent or not a valid name). */
  readonly name: string | undefined
  readonly tool: McpTool | undefined
  readonly args: Record<string, unknown> | undefined
  readonly screening: ScreenResult
  readonly denial?: { readonly code: DenialCode; readonly reason: string; readonly extensions?: Readonly<Record<string, unknown>> }
}

const NONE: ScreenResult = { score: 0, verdict: 'none', findings: [] }

/**
 * Categories for text a model will read as instructions (tool descriptions, tool results). XSS and
 * SQL rules are left out: a database tool's result legitimately contains SQL.
 */
export const MODEL_FACING: readonly Category[] = [
  'instruction_override',
  'prompt_exfiltration',
  'jailbreak_persona',
  'delimiter_injection',
  'tool_coercion',
  'exfiltration_url',
  'indirect_injection',
  'multilingual_override',
]

export function inspectToolCall(
  msg: RpcRequest,
  tools: ReadonlyMap<string, McpTool>,
  heldScopes: readonly string[],
  screen: Partial<ScreenOptions>,
): CallVerdict {
  const params = paramsObject(msg)
  const rawName = params['name']
  const name = typeof rawName === 'string' && TOOL_NAME.test(rawName) ? rawName : undefined
  const rawArgs = params['arguments']
  const args = rawArgs === undefined ? {} : typeof rawArgs === 'object' && rawArgs !== null && !Array.isArray(rawArgs) ? (rawArgs as Record<string, unknown>) : undefined
  const tool = name === undefined ? undefined : tools.get(name)
  const mode = tool?.screening ?? 'block'
  const screening = args === undefined || mode === 'off' ? NONE : screenTexts(collectJsonStrings(args).map((s) => ({ location: `/arguments${s.location}`, text: s.text })), screen)
  const base = { name, tool, args, screening }
  if (name === undefined) return { ...base, denial: { code: 'MCP_MALFORMED', reason: 'tool_name_invalid' } }
  if (!tool) return { ...base, denial: { code: 'MCP_TOOL_UNKNOWN', reason: `tool_undeclared` } }
  const missing = missingScopes(tool.scopes, heldScopes)
  if (missing.length > 0) return { ...base, denial: { code: 'MCP_TOOL_FORBIDDEN', reason: `missing ${missing.join(' ')}`, extensions: { scope: tool.scopes.join(' ') } } }
  if (screening.verdict === 'block' && mode === 'block') {
    return { ...base, denial: { code: 'INPUT_REJECTED', reason: `screening ${ruleIds(screening).join(',')}` } }
  }
  const check = checkArguments(tool.schema, rawArgs)
  if (!check.ok) return { ...base, denial: { code: 'MCP_TOOL_ARGS_INVALID', reason: 'schema', extensions: { errors: check.errors } } }
  return base
}

export function ruleIds(r: ScreenResult): string[] {
  return [...new Set(r.findings.map((f) => f.ruleId))].slice(0, 32)
}
