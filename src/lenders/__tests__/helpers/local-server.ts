import http from "node:http"
import https from "node:https"
import type { AddressInfo, Socket } from "node:net"

/** A real HTTP(S) server on an ephemeral loopback port that records every request it sees. */

export interface Hit {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: Buffer
  socketId: number
  arrivedAt: number
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, hit: Hit, index: number) => void

export interface LocalServer {
  url: string
  port: number
  hits: Hit[]
  /** Sockets the server accepted (TLS: after the handshake). */
  connections: number
  close(): Promise<void>
}

export async function startServer(handler: Handler, tls?: https.ServerOptions): Promise<LocalServer> {
  const hits: Hit[] = []
  const socketIds = new WeakMap<Socket, number>()
  let nextSocketId = 1
  const state = { connections: 0 }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = []
    const arrivedAt = Date.now()
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const hit: Hit = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
        socketId: socketIds.get(req.socket) ?? -1,
        arrivedAt,
      }
      hits.push(hit)
      handler(req, res, hit, hits.length - 1)
    })
  }
  const server = tls ? https.createServer(tls, listener) : http.createServer(listener)
  server.on(tls ? "secureConnection" : "connection", (socket: Socket) => {
    state.connections++
    socketIds.set(socket, nextSocketId++)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    hits,
    get connections() {
      return state.connections
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers })
  res.end(JSON.stringify(body))
}

export interface CapturedLog {
  level: string
  msg: string
  meta: unknown
}

export function captureLogger(): {
  logs: CapturedLog[]
  logger: Record<"debug" | "info" | "warn" | "error", (msg: string, meta?: unknown) => void>
} {
  const logs: CapturedLog[] = []
  const at = (level: string) => (msg: string, meta?: unknown) => {
    logs.push({ level, msg, meta })
  }
  return { logs, logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") } }
}

/** Everything a log sink or an error reporter could possibly print. */
export function everythingPrinted(logs: CapturedLog[], error?: unknown): string {
  const parts = logs.map((l) => `${l.msg}\n${JSON.stringify(l.meta)}`)
  if (error instanceof Error) {
    parts.push(error.message, String(error.stack), JSON.stringify(error))
  }
  return parts.join("\n")
}
