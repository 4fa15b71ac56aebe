// Lets `npm run sandbox` (and the package bin) offer NewDay's mutual-TLS front, so a store can
// exercise its client certificate against the sandbox exactly as it will against NewDay:
//   NEWDAY_SANDBOX_TLS_PORT=9443 NEWDAY_SANDBOX_TLS_CERT=server.pem NEWDAY_SANDBOX_TLS_KEY=server.key \
//   NEWDAY_SANDBOX_TLS_CA=clients-ca.pem npm run sandbox
// Each value is PEM text or a path to a PEM file.
import { readFileSync } from "node:fs"
import { startNewDayTlsListener, type NewDayTlsListener } from "./tls"

const VARS = ["NEWDAY_SANDBOX_TLS_CERT", "NEWDAY_SANDBOX_TLS_KEY", "NEWDAY_SANDBOX_TLS_CA"] as const

function pem(env: NodeJS.ProcessEnv, name: (typeof VARS)[number]): string {
  const value = env[name]?.trim()
  if (!value) throw new Error(`${name} is required when NEWDAY_SANDBOX_TLS_PORT is set`)
  const text = value.includes("-----BEGIN") ? value : readFileSync(value, "utf8")
  if (!text.includes("-----BEGIN")) throw new Error(`${name} does not contain a PEM block`)
  return text
}

/** Starts the TLS front when NEWDAY_SANDBOX_TLS_PORT is set; otherwise does nothing. */
export async function startNewDayTlsFromEnv(
  env: NodeJS.ProcessEnv,
  newdayPlainUrl: string,
  host: string,
): Promise<NewDayTlsListener | undefined> {
  const rawPort = env.NEWDAY_SANDBOX_TLS_PORT?.trim()
  if (!rawPort) return undefined
  const port = Number(rawPort)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`NEWDAY_SANDBOX_TLS_PORT must be a port number, got "${rawPort}"`)
  }
  return startNewDayTlsListener({
    target: newdayPlainUrl,
    cert: pem(env, "NEWDAY_SANDBOX_TLS_CERT"),
    key: pem(env, "NEWDAY_SANDBOX_TLS_KEY"),
    ca: pem(env, "NEWDAY_SANDBOX_TLS_CA"),
    host,
    port,
  })
}
