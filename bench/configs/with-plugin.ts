// Bench host app WITH the plugin, configured as README.md's "Install into an existing store" shows:
// the plugin entry (which registers the financing module, API routes, subscribers, jobs and
// workflows from the BUILT package, .medusa/server) and the payment module's providers from
// financingPaymentProviders of "medusa-plugin-financing/config" (published paths
// medusa-plugin-financing/providers/<slug>). Differences from the README: every lender points at
// the bench's lender sandbox (FINANCING_SANDBOX_URL, set by bench/main.ts) and the payment module
// gets `webhook_delay: 0` (issue #10 asks for it; see BENCHMARKS.md for why Medusa 2.21 ignores it).
// bench/lib/app.ts copies this file into a temporary app directory as medusa-config.ts, next to a
// node_modules whose medusa-plugin-financing entry is this repository (built with plugin:build).
import { defineConfig } from "@medusajs/framework/utils"
import { financingPaymentProviders } from "medusa-plugin-financing/config"

const backendUrl = process.env.MEDUSA_BACKEND_URL || `http://localhost:${process.env.PORT || 9000}`
const cors = process.env.STORE_CORS || backendUrl

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: { storeCors: cors, adminCors: cors, authCors: cors, jwtSecret: "bench-secret", cookieSecret: "bench-secret" },
  },
  admin: { disable: true },
  plugins: [
    {
      resolve: "medusa-plugin-financing",
      options: { encryptionKey: process.env.FINANCING_ENCRYPTION_KEY },
    },
  ],
  modules: [
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        webhook_delay: 0,
        providers: financingPaymentProviders({
          env: { FINANCING_SANDBOX_URL: "http://127.0.0.1:9100", ...process.env },
          backendUrl,
        }),
      },
    },
  ],
})
