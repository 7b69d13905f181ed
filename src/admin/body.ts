/** @module Admin request bodies: JSON parsed and checked with zod; problems named by pointer, never echoed. */
import type * as z from 'zod'
import { deny } from '../errors/denial'

export async function parseAdminBody<T>(c: { req: { json(): Promise<unknown> } }, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown
  try {
    raw = await c.req.json()
  } catch {
    throw deny('ADMIN_BAD_REQUEST', 'admin_body_not_json')
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    throw deny('ADMIN_BAD_REQUEST', 'admin_body_invalid', { extensions: { errors: parsed.error.issues.map((i) => ({ pointer: '/' + i.path.join('/'), message: i.message })) } })
  }
  return parsed.data
}
