// The PostgreSQL server the integration tests use (DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD, as
// `npm test` sets them), for suites that give a separately running Medusa its own database.
import { Client } from "pg"

export function dbSettings() {
  return {
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || "",
  }
}

export function databaseUrl(database: string): string {
  const db = dbSettings()
  const auth = db.password
    ? `${encodeURIComponent(db.user)}:${encodeURIComponent(db.password)}`
    : encodeURIComponent(db.user)
  return `postgres://${auth}@${db.host}:${db.port}/${database}`
}

/** Runs one statement on `database` ("postgres" for CREATE/DROP DATABASE) and returns its rows. */
export async function query<T>(database: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ ...dbSettings(), database })
  await client.connect()
  try {
    return (await client.query(text, params as never[])).rows as T[]
  } finally {
    await client.end()
  }
}

/** A new, empty database (dropped first if a previous run left it). */
export async function freshDatabase(database: string): Promise<void> {
  await query("postgres", `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
  await query("postgres", `CREATE DATABASE "${database}"`)
}

export async function dropDatabase(database: string): Promise<void> {
  await query("postgres", `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
}
