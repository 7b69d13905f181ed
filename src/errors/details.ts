/**
 * @module What a person should do about each denial: the problem's `detail` (RFC 9457 §3.1.4).
 *
 * One sentence per code, beside the codes table (codes.ts) and in step with the "what the client
 * should do" column of docs/error-codes.md (a test checks both). Static text only: a `detail` never
 * carries the internal reason, a rule id, a value from the request or anything secret.
 */
import type { DenialCode } from './codes'

export const DENIAL_DETAILS = {
  AUTH_MISSING: 'Send a bearer token in the Authorization header (Authorization: Bearer <token>); WWW-Authenticate points to the metadata that says where to get one.',
  AUTH_MALFORMED: 'Send exactly one credential, as Authorization: Bearer <token>, with nothing but the token after the scheme.',
  TOKEN_IN_QUERY: 'Send the token in the Authorization header only, never in the URL, and treat a token that was in a URL as leaked: get a new one.',
  TOKEN_IN_BODY: 'Send the token in the Authorization header only, and remove access_token from the request body.',
  TOKEN_INVALID: 'Get a new token from an authorization server listed in the resource metadata and send it unchanged.',
  TOKEN_EXPIRED: 'Get a fresh token and retry; tokens live at most 15 minutes.',
  TOKEN_REVOKED: 'Get a new token: this one was revoked. If the new one is refused too, the agent is blocked; contact the API operator.',
  AGENT_ID_MISMATCH: "Send the token's own subject in X-Agent-ID, or leave the header out.",
  KEYS_UNAVAILABLE: 'Retry after the seconds given in Retry-After; the keys that verify tokens could not be loaded.',

  INSUFFICIENT_SCOPE: 'Get a token that carries every scope listed in `scope`, then retry.',
  ROUTE_NOT_FOUND: "Check the method and path against the API's documented endpoints.",
  PATH_REJECTED: "Send the path in plain canonical form: no encoded slashes or backslashes, no dot segments, no control characters or ';' parameters.",
  AGENT_BLOCKED: 'Stop sending requests and contact the API operator; when Retry-After is present, the block ends then.',
  TLS_REQUIRED: 'Send the request again over HTTPS.',
  ORIGIN_NOT_ALLOWED: 'Call from a web origin the operator allows, or from a server that sends no Origin header.',

  BODY_TOO_LARGE: 'Send a smaller body; the limit counts the bytes actually received, whatever Content-Length says.',
  BODY_TIMEOUT: 'Send the whole body promptly, with a Content-Length that matches it, then retry.',
  HEADERS_TOO_LARGE: 'Send fewer or shorter headers.',
  UNSUPPORTED_MEDIA_TYPE: 'Send the body as UTF-8 JSON (Content-Type: application/json), or as another type the endpoint accepts.',
  MALFORMED_JSON: 'Send valid JSON in which each member name appears at most once per object.',
  INVALID_UTF8: 'Encode the body as UTF-8.',
  JSON_TOO_COMPLEX: 'Send shallower JSON with fewer members and shorter strings.',
  SCHEMA_VIOLATION: 'Fix the fields listed in `errors` (a JSON pointer and the rule each one breaks), then retry.',
  INPUT_REJECTED: 'Rewrite the input without instructions aimed at the model, markup or SQL; the same input is refused again.',

  RATE_LIMITED: 'Wait the seconds given in Retry-After before the next request, and pace requests by the RateLimit header.',
  BUDGET_EXHAUSTED: 'Wait the seconds given in Retry-After; cheaper endpoints spend less of the cost budget.',
  RECORDS_BUDGET_EXHAUSTED: 'Wait the seconds given in Retry-After; fetch fewer personal records (names, e-mail addresses, card numbers) per day.',
  ABNORMAL_USAGE: 'Slow down and wait the seconds given in Retry-After; unusual patterns that continue lead to a block.',
  GUARD_UNAVAILABLE: 'Retry after the seconds given in Retry-After; nothing was forwarded.',

  MCP_MALFORMED: 'Send JSON-RPC 2.0 messages: jsonrpc "2.0", a method, and a string or integer id that is unique within the batch.',
  MCP_BATCH_TOO_LARGE: 'Send fewer JSON-RPC messages in one request.',
  MCP_METHOD_NOT_ALLOWED: 'Use only the JSON-RPC methods this server allows.',
  MCP_TOOL_UNKNOWN: 'Call only tools that tools/list returns.',
  MCP_TOOL_FORBIDDEN: 'Get a token with the scopes this tool requires, or use another tool.',
  MCP_TOOL_ARGS_INVALID: "Fix the arguments listed in `errors` so they match the tool's input schema.",
  MCP_TOOL_QUARANTINED: "Use another tool, or wait until an operator approves this tool's changed definition.",
  MCP_HEADER_MISMATCH: 'Make the Mcp-Method and Mcp-Tool-Name headers match the JSON-RPC body, or leave them out.',
  MCP_CONCURRENCY_LIMIT: 'Wait for running tool calls to finish (see Retry-After) before starting another.',
  MCP_SESSION_TOOL_LIMIT: 'Use only the tools already in use, or wait: this agent used its distinct tools for the hour, across all its sessions.',
  MCP_RESULT_BLOCKED: 'Do not act on this answer: it was withheld because it carried instructions aimed at the model, or could not be read safely.',
  MCP_RESULT_TOO_LARGE: 'Call the tool again for less (a narrower query, a page, a range): the answer was larger than the gateway screens.',
  MCP_SESSION_FORBIDDEN: 'Start a new MCP session (initialize without Mcp-Session-Id): this session was not opened by this agent, or has expired.',
  DLP_BLOCKED: "Do not retry for the same data: the answer carried secrets or personal data this route's data-loss policy withholds; ask the API operator.",
  DLP_UNSCANNABLE: 'Get a smaller or textual answer (page through results); this one could not be checked for data loss, so it was withheld.',

  ADMIN_UNAUTHORIZED: 'Send the admin token as Authorization: Bearer <ADMIN_TOKEN>.',
  ADMIN_BAD_REQUEST: 'Fix the fields listed in `errors`, then retry.',
  ADMIN_AUTH_THROTTLED: 'Wait the seconds given in Retry-After, then authenticate with the right admin token.',
  ADMIN_AUTH_UNAVAILABLE: 'Retry after the seconds given in Retry-After; admin sign-in is briefly unavailable.',
  CSRF_REJECTED: 'Use the form on a freshly loaded console page: the action came without a valid CSRF token or from another origin.',

  ORIGIN_UNAVAILABLE: 'Retry after the seconds given in Retry-After; the API behind the gateway could not be reached.',
  ORIGIN_TIMEOUT: 'Retry after the seconds given in Retry-After; the API behind the gateway did not answer in time.',
  GATEWAY_MISCONFIGURED: "Retry later and tell the API operator: the gateway's configuration is invalid, and its log names the setting.",
  INTERNAL: 'Retry later; if it keeps happening, report the request_id to the API operator.',
} as const satisfies Record<DenialCode, string>
