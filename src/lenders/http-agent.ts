import { readFileSync } from "node:fs"
import http from "node:http"
import https from "node:https"
import type { Duplex } from "node:stream"
import { LenderError } from "./errors"
import type { LenderTlsOptions } from "./http-types"

/** Set on the socket error when the connect (TCP + TLS) phase overruns. */
export const CONNECT_TIMEOUT_CODE = "ELENDER_CONNECT_TIMEOUT"

/**
 * Idle pooled sockets are dropped after this long. Node's http server closes idle keep-alive
 * connections after 5 s by default; reusing a socket the server is closing yields an
 * ECONNRESET on a POST we must not retry, so we let go first. Node also honours a
 * shorter `Keep-Alive: timeout=n` hint from the server.
 */
const FREE_SOCKET_TIMEOUT_MS = 4000

export interface AgentSettings {
  keepAlive: boolean
  connectTimeoutMs: number
  tls?: LenderTlsOptions
  lender: string
  lenderName: string
}

export interface LenderAgents {
  http: http.Agent
  https: https.Agent
  destroy(): void
}

/**
 * The connect timer lives in the agent because it is the only place that sees a socket
 * being CREATED: a reused keep-alive socket is already connected and must not be timed. `readyEvent` is "secureConnect" for https
 * so a server that accepts TCP but stalls the TLS handshake is caught too.
 */
function armConnectTimer(
  socket: Duplex | null | undefined,
  timeoutMs: number,
  readyEvent: "connect" | "secureConnect",
): void {
  if (!socket || !(timeoutMs > 0)) {
    return
  }
  const timer = setTimeout(() => {
    const error = Object.assign(new Error(`connect timeout after ${timeoutMs} ms`), {
      code: CONNECT_TIMEOUT_CODE,
    })
    socket.destroy(error)
  }, timeoutMs)
  const clear = () => clearTimeout(timer)
  socket.once(readyEvent, clear)
  socket.once("close", clear)
  socket.once("error", clear)
}

class TimedHttpAgent extends http.Agent {
  constructor(
    options: http.AgentOptions,
    private readonly connectTimeoutMs: number,
  ) {
    super(options)
  }
  override createConnection(
    ...args: Parameters<http.Agent["createConnection"]>
  ): ReturnType<http.Agent["createConnection"]> {
    const socket = super.createConnection(...args)
    armConnectTimer(socket, this.connectTimeoutMs, "connect")
    return socket
  }
}

class TimedHttpsAgent extends https.Agent {
  constructor(
    options: https.AgentOptions,
    private readonly connectTimeoutMs: number,
  ) {
    super(options)
  }
  override createConnection(
    ...args: Parameters<https.Agent["createConnection"]>
  ): ReturnType<https.Agent["createConnection"]> {
    const socket = super.createConnection(...args)
    armConnectTimer(socket, this.connectTimeoutMs, "secureConnect")
    return socket
  }
}

/** PEM text is used as-is; anything else is a file path (how secrets usually get mounted). */
export function loadPem(
  value: string | undefined,
  option: "cert" | "key" | "ca",
  who: { lender: string; lenderName: string },
): string | undefined {
  if (value === undefined || value === "") {
    return undefined
  }
  if (value.includes("-----BEGIN")) {
    return value
  }
  const configError = (description: string) =>
    new LenderError({
      lender: who.lender,
      lenderName: who.lenderName,
      operation: "configure",
      kind: "config",
      description,
    })
  let contents: string
  try {
    contents = readFileSync(value, "utf8")
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "unreadable"
    // The path is safe to show; the value was not PEM so it is not the secret itself.
    throw configError(`tls.${option} file ${JSON.stringify(value)} could not be read (${code})`)
  }
  if (!contents.includes("-----BEGIN")) {
    throw configError(`tls.${option} file ${JSON.stringify(value)} does not contain a PEM block`)
  }
  return contents
}

export function createLenderAgents(settings: AgentSettings): LenderAgents {
  const pool: http.AgentOptions = settings.keepAlive
    ? {
        keepAlive: true,
        keepAliveMsecs: 1000,
        maxSockets: 32,
        maxFreeSockets: 8,
        timeout: FREE_SOCKET_TIMEOUT_MS,
        // Most-recently-used first keeps a few sockets warm instead of all of them lukewarm.
        scheduling: "lifo",
      }
    : { keepAlive: false, maxSockets: 32 }

  const tls = settings.tls ?? {}
  const who = { lender: settings.lender, lenderName: settings.lenderName }
  const httpsOptions: https.AgentOptions = {
    ...pool,
    cert: loadPem(tls.cert, "cert", who),
    key: loadPem(tls.key, "key", who),
    ca: loadPem(tls.ca, "ca", who),
    passphrase: tls.passphrase,
    rejectUnauthorized: tls.rejectUnauthorized ?? true,
  }

  const httpAgent = new TimedHttpAgent(pool, settings.connectTimeoutMs)
  const httpsAgent = new TimedHttpsAgent(httpsOptions, settings.connectTimeoutMs)
  return {
    http: httpAgent,
    https: httpsAgent,
    destroy() {
      httpAgent.destroy()
      httpsAgent.destroy()
    },
  }
}
