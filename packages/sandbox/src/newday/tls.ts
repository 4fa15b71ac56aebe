// Optional mutual-TLS front for the NewDay simulator. The sandbox framework serves plain HTTP;
// NewDay requires mTLS on every call (spec §3.1). This listener terminates TLS, REQUIRES a
// client certificate signed by the given CA (the handshake fails otherwise, as at NewDay), and
// forwards each request to the simulator's plain-HTTP routes — so faults, state and ledger
// are the same ones tests already use. Other lenders are untouched.
//
//   const tls = await startNewDayTlsListener({ target: sandbox.lenderUrl("newday"), key, cert, ca })
//   new NewDayClient({ baseUrl: tls.url, tls: { cert: clientCert, key: clientKey, ca } })
import http from "node:http"
import https from "node:https"
import type { AddressInfo, Socket } from "node:net"

export interface NewDayTlsListenerOptions {
  /** The simulator's plain base URL, e.g. sandbox.lenderUrl("newday") (use the local URL). */
  target: string
  /** Server certificate, key and the CA that client certificates must chain to (PEM text). */
  cert: string
  key: string
  ca: string
  host?: string
  port?: number
}

export interface NewDayTlsListener {
  /** https://host:port — what the client uses as its base URL. */
  url: string
  port: number
  /** Handshakes refused (no or untrusted client certificate). */
  readonly refusedHandshakes: number
  close(): Promise<void>
}

export async function startNewDayTlsListener(opts: NewDayTlsListenerOptions): Promise<NewDayTlsListener> {
  const target = new URL(opts.target.replace(/\/+$/, "") + "/")
  if (target.protocol !== "http:") throw new Error("startNewDayTlsListener: target must be the simulator's http:// URL")
  const sockets = new Set<Socket>()
  let refused = 0

  const server = https.createServer(
    { cert: opts.cert, key: opts.key, ca: opts.ca, requestCert: true, rejectUnauthorized: true, minVersion: "TLSv1.2" },
    (req, res) => {
      const headers = { ...req.headers, host: target.host }
      const upstream = http.request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: target.pathname.replace(/\/$/, "") + (req.url ?? "/"),
          headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        },
      )
      // The simulator dropping the connection (a "reset" fault) must look the same to the client.
      upstream.on("error", () => req.socket.destroy())
      req.pipe(upstream)
    },
  )
  server.on("tlsClientError", () => refused++)
  server.on("secureConnection", (socket: Socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1")
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve)
    server.once("error", reject)
  })
  const { port } = server.address() as AddressInfo
  const host = opts.host && opts.host !== "0.0.0.0" ? opts.host : "127.0.0.1"
  return {
    url: `https://${host}:${port}`,
    port,
    get refusedHandshakes() {
      return refused
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
