/**
 * @module Configured JSON Schemas (ROUTES[i].schema, MCP_TOOLS[i].schema) are checked and compiled
 * at load: a schema that cannot work fails closed naming its field, and requests use the validator
 * compiled here (schemaFor caches it by schema object). Pure.
 */
import type * as z from 'zod'
import { schemaFor, type CompiledSchema } from '../policy/schema'
import { checkSchema } from '../policy/schema-check'

export function compileConfiguredSchema(schema: Record<string, unknown>, path: ReadonlyArray<string | number>, ctx: z.RefinementCtx): CompiledSchema | undefined {
  let problem = checkSchema(schema)
  if (problem === undefined) {
    try {
      return schemaFor(schema)
    } catch (error) {
      problem = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : 'it does not compile'
    }
  }
  ctx.addIssue({ code: 'custom', path: [...path], message: `a JSON Schema (draft 2020-12) that compiles; at ${problem}` })
  return undefined
}
