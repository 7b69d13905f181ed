/**
 * @module zod helpers for environment bindings, shared by every config block.
 *
 * `[vars]` tables arrive as objects, but `--var`, `.env` files and secrets deliver strings, so
 * JSON text, numeric strings and "true"/"false" are accepted wherever a structured value is.
 */
import * as z from 'zod'

/** An object or array, or JSON text of one. */
export const json = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => {
    if (typeof v !== 'string' || !/^\s*[[{]/.test(v)) return v
    try {
      return JSON.parse(v)
    } catch {
      return v
    }
  }, schema)

/** A list as a TOML array, a JSON array string or a comma-separated string. */
export const list = <T extends z.ZodType>(item: T) =>
  json(z.union([z.array(z.unknown()), z.string().transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))])).pipe(z.array(item))

/** A number, or a numeric string. */
export const num = (schema: z.ZodNumber) => z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), schema)

/** An integer in [min, max], or a numeric string of one. */
export const int = (min: number, max: number) => num(z.number().int().min(min).max(max))

export const bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean())
