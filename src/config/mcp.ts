/**
 * @module MCP gateway configuration: the tool policy table, transport checks and per-agent limits (zod). Pure.
 *
 * Tools are default-deny: a tool absent from MCP_TOOLS is refused (MCP_TOOL_UNKNOWN) and hidden
 * from tools/list. Every bad field fails closed with the variable name (docs/mcp.md lists them).
 */
import type { Schema } from '@cfworker/json-schema'
import { compileConfiguredSchema } from './json-schema'
import * as z from 'zod'
import { bool, int, json, list } from './coerce'
import { ScopeSchema } from './routes'
import { DLP_ROUTE_FIELDS } from './dlp'


/** MCP tool names (spec 2025-11-25 §Tools): 1–128 of A-Z a-z 0-9 _ - . */
export const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/

export const RESULT_ACTIONS = ['annotate', 'redact', 'block'] as const
export type ResultAction = (typeof RESULT_ACTIONS)[number]
export const OVERSIZE_ACTIONS = ['block', 'withhold'] as const

/** The methods a plain tool-using client needs; anything else must be listed explicitly. */
export const DEFAULT_MCP_METHODS = [
  'initialize',
  'ping',
  'tools/list',
  'tools/call',
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/progress',
  'notifications/roots/list_changed',
] as const

const McpToolSchema = z
  .object({
    name: z.string().regex(TOOL_NAME, 'an MCP tool name (1–128 of A-Z a-z 0-9 _ - .)'),
    scopes: z.array(ScopeSchema).default([]),
    cost: z.number().int().min(0).max(100_000).default(1),
    /** JSON Schema (2020-12) for `arguments`; objects default to additionalProperties: false. */
    schema: z.record(z.string(), z.unknown()).optional(),
    /** Audit log lines carry the arguments only when this is true (they may hold personal data). */
    record_inputs: z.boolean().default(false),
    screening: z.enum(['block', 'log', 'off']).default('block'),
    result_action: z.enum(RESULT_ACTIONS).optional(),
    /** The largest result screened for this tool (at most MCP_MAX_RESULT_BYTES); beyond, `result_oversize`. */
    result_max_bytes: int(1_024, 32 * 1024 * 1024).optional(),
    /** A result too large to screen: `block` (a JSON-RPC error) or `withhold` (an error result the model can act on). */
    result_oversize: z.enum(OVERSIZE_ACTIONS).default('block'),
    /** SHA-256 (hex) of the approved definition; when set it overrides the pin learned on first sight. */
    pin: z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256 (see docs/mcp.md, "Pinning")').optional(),
    ...DLP_ROUTE_FIELDS,
  })
  .strict()

/** Spread into the env schema (src/config/schema.ts). */
export const McpEnvShape = {
  MCP_PATH: z.string().regex(/^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/, 'a path like /mcp').default('/mcp'),
  MCP_TOOLS: json(z.array(McpToolSchema)).default([]),
  MCP_METHODS: list(z.string().regex(/^[A-Za-z0-9_/.-]{1,128}$/, 'a JSON-RPC method name')).default([...DEFAULT_MCP_METHODS]),
  MCP_MAX_BATCH: int(1, 100).default(10),
  MCP_ALLOWED_ORIGINS: list(z.url({ protocol: /^https?$/, error: 'an origin like https://app.example.com' })).default([]),
  MCP_REQUIRE_TLS: bool.default(true),
  MCP_CALLS_PER_MINUTE: int(1, 1_000_000).default(60),
  MCP_MAX_CONCURRENT: int(1, 1_000).default(5),
  MCP_INFLIGHT_TTL_SECONDS: int(1, 3_600).default(60),
  MCP_MAX_TOOLS_PER_SESSION: int(1, 1_000).default(20),
  MCP_MAX_INPUT_BYTES: int(64, 100 * 1024 * 1024).default(64 * 1024),
  MCP_RESULT_ACTION: z.enum(RESULT_ACTIONS).default('redact'),
  MCP_MAX_RESULT_BYTES: int(1_024, 32 * 1024 * 1024).default(1024 * 1024),
  MCP_PIN_CACHE_SECONDS: int(0, 300).default(5),
  /** Agents holding this scope are trusted observers: their tools/list answers may pin and quarantine. */
  MCP_PIN_SCOPE: ScopeSchema.default('mcp:pin'),
  /** The gateway lists the origin's tools itself (probe.ts) to learn and check pins. */
  MCP_PIN_PROBE: bool.default(true),
} as const

type McpEnv = { [K in keyof typeof McpEnvShape]: z.output<(typeof McpEnvShape)[K]> }

export type McpTool = {
  readonly name: string
  readonly scopes: readonly string[]
  readonly cost: number
  readonly schema?: Schema
  readonly recordInputs: boolean
  readonly screening: 'block' | 'log' | 'off'
  readonly resultAction: ResultAction
  readonly resultMaxBytes: number
  readonly resultOversize: (typeof OVERSIZE_ACTIONS)[number]
  readonly pin?: string
}

export type McpLimitsConfig = {
  readonly callsPerMinute: number
  readonly maxConcurrent: number
  readonly inflightTtlMs: number
  readonly maxToolsPerSession: number
  readonly maxInputBytes: number
}

export type McpConfig = {
  readonly path: string
  readonly tools: ReadonlyMap<string, McpTool>
  readonly methods: ReadonlySet<string>
  readonly maxBatch: number
  readonly allowedOrigins: readonly string[]
  readonly requireTls: boolean
  readonly limits: McpLimitsConfig
  readonly results: { readonly action: ResultAction; readonly maxBytes: number }
  readonly pinCacheMs: number
  readonly pinScope: string
  readonly pinProbe: boolean
}

/** Compiles the MCP block once; duplicate tools and schemas that cannot compile are config errors. */
export function compileMcp(e: McpEnv, ctx: z.RefinementCtx): McpConfig {
  const tools = new Map<string, McpTool>()
  e.MCP_TOOLS.forEach((t, i) => {
    if (tools.has(t.name)) ctx.addIssue({ code: 'custom', path: ['MCP_TOOLS', i, 'name'], message: `duplicate tool ${t.name}` })
    if (t.result_max_bytes !== undefined && t.result_max_bytes > e.MCP_MAX_RESULT_BYTES) {
      ctx.addIssue({ code: 'custom', path: ['MCP_TOOLS', i, 'result_max_bytes'], message: `at most MCP_MAX_RESULT_BYTES (${e.MCP_MAX_RESULT_BYTES})` })
    }
    if (t.schema !== undefined) {
      if (t.schema['type'] !== 'object') ctx.addIssue({ code: 'custom', path: ['MCP_TOOLS', i, 'schema', 'type'], message: 'must be "object" (MCP tool arguments are an object)' })
      // The validator the tool's calls will use (closed objects), checked, compiled and cached now.
      compileConfiguredSchema(t.schema, ['MCP_TOOLS', i, 'schema'], ctx)
    }
    tools.set(t.name, {
      name: t.name,
      scopes: t.scopes,
      cost: t.cost,
      ...(t.schema !== undefined ? { schema: t.schema as Schema } : {}),
      recordInputs: t.record_inputs,
      screening: t.screening,
      resultAction: t.result_action ?? e.MCP_RESULT_ACTION,
      resultMaxBytes: Math.min(t.result_max_bytes ?? e.MCP_MAX_RESULT_BYTES, e.MCP_MAX_RESULT_BYTES),
      resultOversize: t.result_oversize,
      ...(t.pin !== undefined ? { pin: t.pin } : {}),
    })
  })
  for (const required of ['initialize', 'notifications/initialized'] as const) {
    if (!e.MCP_METHODS.includes(required)) ctx.addIssue({ code: 'custom', path: ['MCP_METHODS'], message: `must include ${required} (no client can connect without it)` })
  }
  return {
    path: e.MCP_PATH,
    tools,
    methods: new Set(e.MCP_METHODS),
    maxBatch: e.MCP_MAX_BATCH,
    allowedOrigins: e.MCP_ALLOWED_ORIGINS.map((o) => new URL(o).origin),
    requireTls: e.MCP_REQUIRE_TLS,
    limits: {
      callsPerMinute: e.MCP_CALLS_PER_MINUTE,
      maxConcurrent: e.MCP_MAX_CONCURRENT,
      inflightTtlMs: e.MCP_INFLIGHT_TTL_SECONDS * 1000,
      maxToolsPerSession: e.MCP_MAX_TOOLS_PER_SESSION,
      maxInputBytes: e.MCP_MAX_INPUT_BYTES,
    },
    results: { action: e.MCP_RESULT_ACTION, maxBytes: e.MCP_MAX_RESULT_BYTES },
    pinCacheMs: e.MCP_PIN_CACHE_SECONDS * 1000,
    pinScope: e.MCP_PIN_SCOPE,
    pinProbe: e.MCP_PIN_PROBE,
  }
}
