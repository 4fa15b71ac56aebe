// `medusa exec ./demo/seed.ts` — seeds the demo store and its admin user (both idempotent) and
// writes what the demo launcher prints (publishable key, region providers) to .tmp/demo-store.json.
import fs from "node:fs"
import path from "node:path"
import type { ExecArgs } from "@medusajs/framework/types"
import { ensureAdminUser } from "./admin-user"
import { seedStore } from "./seed-store"

export default async function seedDemo({ container }: ExecArgs) {
  const store = await seedStore(container)
  await ensureAdminUser(
    container,
    process.env.DEMO_ADMIN_EMAIL || "admin@financing.demo",
    process.env.DEMO_ADMIN_PASSWORD || "financing-demo",
  )
  // DEMO_STORE_OUTPUT lets several shops (the browser tests') seed side by side.
  const out = process.env.DEMO_STORE_OUTPUT || path.join(process.cwd(), ".tmp", "demo-store.json")
  fs.mkdirSync(path.dirname(out), { recursive: true })
  fs.writeFileSync(out, JSON.stringify(store, null, 2))
}
