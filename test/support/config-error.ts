/** @module The message of the ConfigError an env raises ('' when it parses): for field-naming tests. */
import { ConfigError, loadConfig } from '../../src/config/load'

export function configErrorOf(env: object): string {
  try {
    loadConfig(env)
  } catch (e) {
    if (e instanceof ConfigError) return e.message
    throw e
  }
  return ''
}
