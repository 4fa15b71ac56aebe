// Serves the demo storefront: bundles src/main.ts with esbuild at start (no build step to forget),
// answers /config.json with the backend URL and publishable key, serves public/ as static files and
// index.html for every other path — the lenders send shoppers back to paths like
// /checkout/payment-assist/success, which the app's router handles.
import fs from "node:fs"
import http from "node:http"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"

const here = path.dirname(fileURLToPath(import.meta.url))
const TYPES = {
  ".css": "text/css",
  ".js": "text/javascript",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
}

export async function bundleStorefront() {
  const result = await build({
    entryPoints: [path.join(here, "src", "main.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2020",
    write: false,
    sourcemap: "inline",
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
  })
  return result.outputFiles[0].contents
}

/** Starts the storefront; resolves once it listens. `port` 0 picks a free port. */
export async function startStorefront({ port = 8000, host, backendUrl, publishableKey }) {
  const bundle = await bundleStorefront()
  const config = JSON.stringify({ backendUrl, publishableKey })
  const publicDir = path.join(here, "public")

  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://storefront.local")
    const send = (status, type, body) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" })
      res.end(body)
    }
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "text/plain", "Method not allowed")
    if (pathname === "/config.json") return send(200, "application/json", config)
    if (pathname === "/assets/main.js") return send(200, "text/javascript", bundle)
    const file = path.join(publicDir, path.normalize(pathname).replace(/^([/\\])+/, ""))
    if (file.startsWith(publicDir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      return send(200, TYPES[path.extname(file)] ?? "application/octet-stream", fs.readFileSync(file))
    }
    if (path.extname(pathname) && pathname !== "/") return send(404, "text/plain", "Not found")
    send(200, "text/html; charset=utf-8", fs.readFileSync(path.join(here, "index.html")))
  })
  await new Promise((resolve, reject) => {
    server.once("error", reject)
    // No host: listen on every interface, so both localhost (::1) and 127.0.0.1 reach it.
    server.listen(port, host, resolve)
  })
  const address = server.address()
  const url = `http://localhost:${typeof address === "object" && address ? address.port : port}`
  return {
    url,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

// `node demo/storefront/server.mjs --port 8000 --backend http://localhost:9000 --key pk_…`:
// prints "storefront ready <url>" once it listens (the browser tests start it this way).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`)
    return i > 0 ? process.argv[i + 1] : fallback
  }
  const running = await startStorefront({
    port: Number(arg("port", process.env.STOREFRONT_PORT || "8000")),
    backendUrl: arg("backend", process.env.MEDUSA_BACKEND_URL || "http://localhost:9000"),
    publishableKey: arg("key", process.env.MEDUSA_PUBLISHABLE_KEY || ""),
  })
  console.log(`storefront ready ${running.url}`)
  const stop = () => running.close().then(() => process.exit(0))
  process.on("SIGTERM", stop)
  process.on("SIGINT", stop)
}
