/**
 * @module MCP sessions bound to the agent that opened them, and the agent's recently used tools. Pure.
 *
 * A session id is usable only by the agent whose own answer carried it: when the origin assigns
 * `Mcp-Session-Id` (the initialize answer), the Worker binds it in that agent's guard before the
 * answer reaches the agent (`AgentGuard.bindSession`), so the agent's next request always finds it.
 * Any other agent presenting it is refused (MCP_SESSION_FORBIDDEN, 404 as for an unknown session,
 * which is all that agent may learn). The distinct-tools limit counts the tools the agent used in
 * the last TOOLS_WINDOW_MS across all its sessions, so a fresh session does not reset it.
 */

export type BoundSession = { readonly id: string; readonly seen: number }
export type UsedTool = { readonly name: string; readonly seen: number }

/** Sessions idle longer than this are forgotten (and must be opened again). */
export const SESSION_IDLE_MS = 60 * 60_000
/** At most this many bound sessions per agent (least recently seen dropped first). */
export const MAX_SESSIONS = 32
/** Tools count toward the distinct-tools limit for this long after their last use. */
export const TOOLS_WINDOW_MS = 60 * 60_000
/** Bound on remembered tools (the limit itself is at most 1,000). */
export const MAX_TOOLS_REMEMBERED = 1_000

/** Sessions and tools still live at `t`. */
export function liveSessions(sessions: readonly BoundSession[], t: number): BoundSession[] {
  return sessions.filter((s) => t - s.seen < SESSION_IDLE_MS)
}
export function liveTools(tools: readonly UsedTool[], t: number): UsedTool[] {
  return tools.filter((x) => t - x.seen < TOOLS_WINDOW_MS)
}

/** `id` bound (or refreshed) at `t`; the least recently seen session goes beyond MAX_SESSIONS. */
export function bind(sessions: readonly BoundSession[], id: string, t: number): BoundSession[] {
  return [{ id, seen: t }, ...sessions.filter((s) => s.id !== id)].sort((a, b) => b.seen - a.seen).slice(0, MAX_SESSIONS)
}

export const isBound = (sessions: readonly BoundSession[], id: string): boolean => sessions.some((s) => s.id === id)

/** Marks the session seen (requests keep it alive); unknown ids change nothing. */
export function touch(sessions: readonly BoundSession[], id: string | undefined, t: number): readonly BoundSession[] {
  if (id === undefined || !isBound(sessions, id)) return sessions
  return bind(sessions, id, t)
}

/** How many distinct tools the agent would have used with `tools` added. */
export function distinctWith(used: readonly UsedTool[], tools: readonly string[]): { known: number; fresh: number } {
  const known = new Set(used.map((x) => x.name))
  return { known: known.size, fresh: new Set(tools.filter((x) => !known.has(x))).size }
}

/** The tools list after `tools` were used at `t`. */
export function use(used: readonly UsedTool[], tools: readonly string[], t: number): UsedTool[] {
  if (tools.length === 0) return [...used]
  const now = new Set(tools)
  return [...tools.filter((x, i) => tools.indexOf(x) === i).map((name) => ({ name, seen: t })), ...used.filter((x) => !now.has(x.name))].slice(0, MAX_TOOLS_REMEMBERED)
}
