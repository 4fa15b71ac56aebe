// The lender HTTP stack (src/lenders/http.ts: axios, keep-alive agents, header merging, redaction,
// JSON decoding, logging) against the plainest client Node has (node:http with a keep-alive agent),
// on the same local server answering the same bytes, one request at a time. It isolates the part
// of a provider call's in-call overhead that is the stack itself from what the provider and Medusa
// add around it. Part of `npm run bench` (section 1); alone: node -r ts-node/register
// bench/lib/http-stack.ts [requests] (add --cpu-prof to node for a profile of the stack alone).
import http from "node:http"
import type { AddressInfo } from "node:net"
import { createLenderHttp } from "../../src/lenders/http"
import { median, percentile } from "./stats"

// A lender answer of typical size (Payment Assist's /status, NewDay's authorisation): ~1 KB of JSON.
const ANSWER = Buffer.from(
  JSON.stringify({
    status: "ok",
    msg: null,
    data: {
      token: "c0ffee00-1234-4abc-9def-0123456789ab",
      status: "pending_capture",
      amount: 44995,
      expires_at: "2026-12-07 16:00:00",
      plan: { id: 3, name: "4-Payment", instalments: 4, deposit: true, apr: "0.00" },
      schedule: Array.from({ length: 4 }, (_, i) => ({ date: `2027-0${i + 1}-07`, amount: 11249 })),
      customer: { first_name: "Alex", last_name: "Shopper", email: "alex@example.com", postcode: "SW1A 1AA" },
      notes: "x".repeat(420),
    },
  }),
)
const BODY = JSON.stringify({ order_id: "order_01JBENCH", amount: 44995, description: "Oak Dining Table" })

function plainRequest(agent: http.Agent, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/capture",
        headers: { "content-type": "application/json", accept: "application/json", authorization: "Bearer k" },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on("data", (c: Buffer) => chunks.push(c))
        res.on("end", () => {
          JSON.parse(Buffer.concat(chunks).toString("utf8"))
          resolve()
        })
        res.on("error", reject)
      },
    )
    req.on("error", reject)
    req.end(BODY)
  })
}

async function timed(n: number, one: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < n; i++) {
    const started = process.hrtime.bigint()
    await one()
    samples.push(Number(process.hrtime.bigint() - started) / 1000)
  }
  return samples
}

export interface HttpStackResult {
  requests: number
  answerBytes: number
  plain: { p50: number; p99: number }
  stack: { p50: number; p99: number }
}

/** `requests` sequential POSTs each way, in alternating blocks so drift hits both alike; µs. */
export async function measureHttpStack(requests = 3000): Promise<HttpStackResult> {
  const server = http.createServer((req, res) => {
    req.resume()
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": ANSWER.length })
      res.end(ANSWER)
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const port = (server.address() as AddressInfo).port

  const lender = createLenderHttp({
    lender: "payment-assist",
    lenderName: "Bench Lender",
    baseURL: `http://127.0.0.1:${port}`,
    defaultHeaders: { authorization: "Bearer k" },
    redact: { fields: ["token", "email", "postcode", "first_name", "last_name"] },
  })
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const stack = () =>
    lender.request({
      operation: "capture",
      method: "POST",
      path: "/capture",
      json: JSON.parse(BODY),
      idempotencyKey: "k1",
    })
  const plain = () => plainRequest(agent, port)
  try {
    await timed(300, stack) // warm-up: JIT, sockets
    await timed(300, plain)
    const stackUs: number[] = []
    const plainUs: number[] = []
    const block = 250
    for (let done = 0; done < requests; done += block) {
      plainUs.push(...(await timed(block, plain)))
      stackUs.push(...(await timed(block, stack)))
    }
    const summary = (s: number[]) => ({ p50: median(s), p99: percentile(s, 99) })
    return { requests, answerBytes: ANSWER.length, plain: summary(plainUs), stack: summary(stackUs) }
  } finally {
    lender.close()
    agent.destroy()
    server.close()
  }
}

if (require.main === module) {
  measureHttpStack(Number(process.argv[2] ?? 3000))
    .then((r) => {
      const row = (name: string, s: { p50: number; p99: number }) =>
        `${name.padEnd(20)} p50 ${s.p50.toFixed(0).padStart(5)} µs   p99 ${s.p99.toFixed(0).padStart(5)} µs`
      console.log(`${r.requests} sequential POSTs, ~${r.answerBytes} B JSON answers, 127.0.0.1 keep-alive`)
      console.log(row("plain node:http", r.plain))
      console.log(row("lender HTTP stack", r.stack))
      console.log(`stack overhead p50 ${(r.stack.p50 - r.plain.p50).toFixed(0)} µs`)
    })
    .catch((error) => {
      console.error(error)
      process.exit(1)
    })
}
