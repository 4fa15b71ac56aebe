// The "after Medusa's write, before the answer" kill point. Shoppers, the admin and the sandbox's
// webhooks reach the Medusa server through this proxy (MEDUSA_BACKEND_URL points at it). When a
// request matching an armed rule gets its answer from Medusa — every write of that request is
// done — the proxy SIGKILLs the server and drops the connection: the shopper or lender never sees
// the answer, exactly as if the process had died between its last write and its reply.
import http from "node:http"
import type { AddressInfo } from "node:net"

export interface ProxyRule {
  method: string
  path: RegExp
  /** Called synchronously with the answer in hand, before a byte of it is passed on. */
  onAnswer: (status: number) => void
}

export interface KillProxy {
  url: string
  port: number
  /** Arms one rule; it fires at most once. */
  arm: (rule: ProxyRule) => void
  disarm: () => void
  close: () => Promise<void>
}

export async function startKillProxy(upstreamPort: number): Promise<KillProxy> {
  let armed: ProxyRule | undefined
  const sockets = new Set<import("node:net").Socket>()
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      {
        host: "127.0.0.1",
        port: upstreamPort,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const rule = armed
        if (rule && req.method === rule.method && rule.path.test((req.url ?? "").split("?")[0])) {
          armed = undefined
          rule.onAnswer(answer.statusCode ?? 0)
          answer.destroy()
          req.socket.destroy()
          return
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    // The server is down (killed, restarting): the caller sees a dropped connection, as it would.
    upstream.on("error", () => req.socket.destroy())
    req.pipe(upstream)
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://localhost:${port}`,
    port,
    arm: (rule) => (armed = rule),
    disarm: () => (armed = undefined),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
