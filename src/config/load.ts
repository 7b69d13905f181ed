/** @module Parses bindings once per env object (WeakMap memo) and reports every bad field by name. */
import * as z from 'zod'
import { ConfigSchema, type Config } from './schema'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

type Parsed = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly error: ConfigError }

const memo = new WeakMap<object, Parsed>()

/** Returns the typed config, or throws ConfigError whose message names each field and what is expected. */
export function loadConfig(env: object): Config {
  let parsed = memo.get(env)
  if (!parsed) {
    const result = ConfigSchema.safeParse(env)
    parsed = result.success
      ? { ok: true, config: result.data }
      : { ok: false, error: new ConfigError(`Invalid Tollgate configuration:\n${z.prettifyError(result.error)}`) }
    memo.set(env, parsed)
  }
  if (!parsed.ok) throw parsed.error
  return parsed.config
}
