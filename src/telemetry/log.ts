/** @module Structured JSON log lines for Workers Logs. Callers pass ids and codes only: never tokens or bodies. */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined | readonly string[]>>

export function log(fields: LogFields): void {
  console.log(JSON.stringify({ ts: new Date().toISOString(), ...fields }))
}
