/**
 * @module The guard's SQLite schema (version-gated) and its typed row readers and writers.
 *
 * Two small tables: `guard_state` holds the whole decision state in one row (rewritten on every
 * evaluate), `revoked_jti` the revoked token ids until they expire. Synchronous calls only, so the
 * Durable Object can run read-decide-write inside one transactionSync with no await.
 */

/** Ordered migrations; entry i brings the schema from version i to i + 1. Only ever append. */
const MIGRATIONS: readonly (readonly string[])[] = [
  [
    `CREATE TABLE guard_state (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL)`,
    `CREATE TABLE revoked_jti (jti TEXT PRIMARY KEY, exp INTEGER NOT NULL) WITHOUT ROWID`,
  ],
]

export const SCHEMA_VERSION = MIGRATIONS.length

/** Idempotent; run inside transactionSync from the constructor. */
export function migrate(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS guard_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)`)
  const row = sql.exec<{ value: number }>(`SELECT value FROM guard_meta WHERE key = 'schema_version'`).toArray()[0]
  const from = row?.value ?? 0
  if (from > SCHEMA_VERSION) throw new Error(`AgentGuard: schema version ${from} is newer than this code`)
  for (let v = from; v < SCHEMA_VERSION; v++) {
    for (const statement of MIGRATIONS[v] ?? []) sql.exec(statement)
  }
  if (from !== SCHEMA_VERSION) {
    sql.exec(`INSERT OR REPLACE INTO guard_meta (key, value) VALUES ('schema_version', ?)`, SCHEMA_VERSION)
  }
}

export function readStateRow(sql: SqlStorage): string | null {
  const row = sql.exec<{ body: string }>(`SELECT body FROM guard_state WHERE id = 1`).toArray()[0]
  return row?.body ?? null
}

export function writeStateRow(sql: SqlStorage, body: string): void {
  sql.exec(`INSERT OR REPLACE INTO guard_state (id, body) VALUES (1, ?)`, body)
}

export function readJtis(sql: SqlStorage): Map<string, number> {
  const jtis = new Map<string, number>()
  for (const row of sql.exec<{ jti: string; exp: number }>(`SELECT jti, exp FROM revoked_jti`)) {
    jtis.set(row.jti, row.exp)
  }
  return jtis
}

export function insertJti(sql: SqlStorage, jti: string, exp: number): void {
  sql.exec(`INSERT OR REPLACE INTO revoked_jti (jti, exp) VALUES (?, ?)`, jti, exp)
}

export function deleteJtis(sql: SqlStorage, jtis: readonly string[]): void {
  for (const jti of jtis) sql.exec(`DELETE FROM revoked_jti WHERE jti = ?`, jti)
}

export function clearJtis(sql: SqlStorage): void {
  sql.exec(`DELETE FROM revoked_jti`)
}
