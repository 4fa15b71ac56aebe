// A stand-in for the Medusa backend: records each request and answers from a route table, so the
// kit's calls can be checked as they reach the wire (method, path, query, body, publishable key).
import http from "node:http"
import type { AddressInfo } from "node:net"
import Medusa from "@medusajs/js-sdk"

export interface Recorded {
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  publishableKey: string | undefined
}

export type Answer = { status?: number; body: unknown }
export type Routes = Record<string, (request: Recorded) => Answer>

export const PUBLISHABLE_KEY = "pk_test_storefront_kit"

export async function startStub(routes: Routes) {
  const requests: Recorded[] = []
  const server = http.createServer((req, res) => {
    let raw = ""
    req.on("data", (chunk) => (raw += chunk))
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://stub")
      const recorded: Recorded = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: raw ? JSON.parse(raw) : undefined,
        publishableKey: req.headers["x-publishable-api-key"] as string | undefined,
      }
      requests.push(recorded)
      const route = routes[`${recorded.method} ${recorded.path}`]
      const answer = route
        ? route(recorded)
        : { status: 404, body: { message: `no stub for ${recorded.method} ${recorded.path}` } }
      res.writeHead(answer.status ?? 200, { "content-type": "application/json" })
      res.end(JSON.stringify(answer.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const sdk = new Medusa({
    baseUrl,
    publishableKey: PUBLISHABLE_KEY,
    auth: { type: "jwt", jwtTokenStorageMethod: "nostore" },
  })
  return {
    sdk,
    baseUrl,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
