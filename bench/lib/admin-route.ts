// The admin order widget's route for an order whose financing log holds 200 operations. The log is
// filled by copying one of the order's real rows (new ids), so every row belongs to the order the
// way the route looks it up. GET /admin/financing/orders/:id is measured when this build has it,
// else GET /admin/financing/orders/:id/operations; the report names which.
import { Client } from "pg"
import type { ApiClient } from "../../integration-tests/utils/store-api"
import { percentile } from "./stats"

const TARGET_OPERATIONS = 200
const REQUESTS = Number(process.env.BENCH_ADMIN_ROUTE_REQUESTS || 40)

export interface AdminRouteResults {
  route: string
  operations: number
  returned: number
  responseBytes: number
  ms: number[]
  p50: number
  p99: number
  fallback: boolean
}

export async function measureAdminRoute(opts: {
  api: ApiClient
  adminHeaders: Record<string, unknown>
  orderId: string
  databaseUrl: string
}): Promise<AdminRouteResults> {
  const { api, adminHeaders, orderId } = opts
  const get = (url: string) =>
    api.get(url, { ...adminHeaders, validateStatus: () => true, transformResponse: (d: string) => d }) as Promise<{
      status: number
      data: string
      headers?: Record<string, unknown>
    }>
  const operationsUrl = `/admin/financing/orders/${orderId}/operations?limit=${TARGET_OPERATIONS}`
  const first = await get(operationsUrl)
  if (first.status !== 200) throw new Error(`GET ${operationsUrl}: ${first.status} ${String(first.data).slice(0, 200)}`)
  const page = JSON.parse(first.data)
  const seed = page.operations?.[0]?.id as string | undefined
  if (!seed) throw new Error(`order ${orderId} has no financing operations to copy`)

  const db = new Client({ connectionString: opts.databaseUrl })
  await db.connect()
  try {
    const { rows: columns } = await db.query(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'financing_operation' AND column_name <> 'id'",
    )
    const names = columns.map((c) => `"${c.column_name}"`).join(", ")
    const missing = TARGET_OPERATIONS - Number(page.count)
    if (missing > 0) {
      await db.query(
        `INSERT INTO financing_operation (id, ${names}) SELECT 'finop_bench_' || g || '_' || md5(random()::text), ${names} FROM financing_operation, generate_series(1, $2::int) g WHERE id = $1`,
        [seed, missing],
      )
    }
  } finally {
    await db.end()
  }

  // The order summary route, if the admin engineer's work is in this build (a JSON answer).
  const summaryUrl = `/admin/financing/orders/${orderId}?history_limit=${TARGET_OPERATIONS}`
  const probe = await get(summaryUrl)
  const hasSummary = probe.status === 200 && String(probe.headers?.["content-type"] ?? "").includes("json")
  const url = hasSummary ? summaryUrl : operationsUrl

  const ms: number[] = []
  let body = ""
  for (let i = 0; i < REQUESTS + 3; i++) {
    const started = process.hrtime.bigint()
    const response = await get(url)
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6
    if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`)
    body = response.data
    if (i >= 3) ms.push(elapsed) // three warm-up requests
  }
  // The log size comes from the operations route (whose shape is known), not from the summary body.
  const count = Number(JSON.parse((await get(operationsUrl)).data).count)
  const parsed = JSON.parse(body)
  // Operations route: { operations, count }; summary route: { financing: { history: [...] } }.
  const list = parsed.operations ?? parsed.financing?.history ?? parsed.financing?.operations ?? []
  return {
    route: `GET ${url.replace(orderId, ":id")}`,
    operations: count,
    returned: Array.isArray(list) ? list.length : 0,
    responseBytes: Buffer.byteLength(body),
    ms,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    fallback: !hasSummary,
  }
}
