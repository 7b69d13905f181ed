/**
 * @module Admin request bodies: read and parsed by the input module (bounded, strict UTF-8 and
 * JSON), then checked with zod; problems named by pointer, never echoed.
 */
import type { Context } from 'hono'
import type * as z from 'zod'
import { deny } from '../errors/denial'
import { parseJson, type JsonLimits } from '../input/json'
import { readRequestBody } from '../input/read'
import { decodeUtf8 } from '../input/text'
import type { GatewayEnv } from '../pipeline/types'

/** Admin bodies are a few small fields. */
const MAX_ADMIN_BODY_BYTES = 16 * 1024
const ADMIN_JSON: JsonLimits = { maxDepth: 8, maxKeys: 100, maxStringLength: 4_096 }

export async function parseAdminBody<T>(c: Context<GatewayEnv>, schema: z.ZodType<T>): Promise<T> {
  const read = await readRequestBody(c.req.raw, MAX_ADMIN_BODY_BYTES, c.var.config.body.readTimeoutMs)
  if (!read.ok) throw deny('ADMIN_BAD_REQUEST', `admin_body_${read.reason}`)
  const text = decodeUtf8(read.bytes)
  const json = text === undefined ? undefined : parseJson(text, ADMIN_JSON)
  if (!json?.ok) throw deny('ADMIN_BAD_REQUEST', `admin_body_not_json:${json?.reason ?? 'utf8'}`)
  const parsed = schema.safeParse(json.value)
  if (!parsed.success) {
    throw deny('ADMIN_BAD_REQUEST', 'admin_body_invalid', { extensions: { errors: parsed.error.issues.map((i) => ({ pointer: '/' + i.path.join('/'), message: i.message })) } })
  }
  return parsed.data
}
