// `npm run demo -- --starter`: the official starter's storefront in place of the demo storefront.
// A fresh copy of the snapshot's apps/storefront gets the packed storefront kit and the guide's
// edits (docs/storefront/official-starter.md), is built against the running demo backend and
// served with `next start` until this process is stopped.
//   node -r ts-node/register integration-tests/starter-storefront/demo.ts <port> <backend-url> <publishable-key>
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { packKit, prepareStorefront } from "./storefront-app"

async function main() {
  const [port, backendUrl, publishableKey] = process.argv.slice(2)
  if (!port || !backendUrl || !publishableKey) throw new Error("usage: demo.ts <port> <backend-url> <publishable-key>")
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "financing-starter-demo-"))
  console.log("Packing the storefront kit and installing the official starter storefront (plain npm install)…")
  const storefront = await prepareStorefront(await packKit(work), Number(port))
  console.log(`Applied docs/storefront/official-starter.md to ${storefront.dir}; type-checking and running next build…`)
  await storefront.build({
    NEXT_PUBLIC_MEDUSA_BACKEND_URL: backendUrl,
    NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY: publishableKey,
    NEXT_PUBLIC_DEFAULT_REGION: "gb",
    NEXT_PUBLIC_BASE_URL: storefront.url,
  })
  const stop = async () => {
    await storefront.stop()
    storefront.remove()
    fs.rmSync(work, { recursive: true, force: true })
    process.exit(0)
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
  await storefront.start()
  console.log(`The official starter storefront is up at ${storefront.url} (edited copy: ${storefront.dir})`)
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
