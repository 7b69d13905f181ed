/**
 * @module The one set of reasons input is refused for, and the denial code each maps to.
 *
 * Every reader (REST body, MCP body, token endpoint, admin body) reports these; REST and MCP answer
 * with the mapped code, the issuer with an OAuth `invalid_request` that names the same reason in
 * its log. Reasons are logged, never rendered.
 */
import type { DenialCode } from '../errors/codes'
import { deny, type DenialError } from '../errors/denial'

export const INPUT_REASONS = {
  /** More bytes than allowed (counted as they arrive, or declared in Content-Length). */
  too_large: 'BODY_TOO_LARGE',
  /** The stream failed mid-read. */
  read_error: 'BODY_TOO_LARGE',
  /** The body did not arrive by the deadline (slow body, Content-Length longer than the body). */
  timeout: 'BODY_TIMEOUT',
  media_type: 'UNSUPPORTED_MEDIA_TYPE',
  charset: 'UNSUPPORTED_MEDIA_TYPE',
  utf8: 'INVALID_UTF8',
  depth: 'JSON_TOO_COMPLEX',
  keys: 'JSON_TOO_COMPLEX',
  string: 'JSON_TOO_COMPLEX',
  duplicate_keys: 'MALFORMED_JSON',
  syntax: 'MALFORMED_JSON',
} as const satisfies Record<string, DenialCode>

export type InputReason = keyof typeof INPUT_REASONS

/** The denial for a refused input; `where` prefixes the logged reason (e.g. `mcp_`). */
export function inputDenial(reason: InputReason, where = ''): DenialError {
  return deny(INPUT_REASONS[reason], `${where}${reason}`)
}
