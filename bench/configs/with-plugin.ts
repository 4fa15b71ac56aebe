// Bench host app WITH the plugin: medusa-config.ts of this repository plus `webhook_delay: 0` on
// the payment module (issue #10 asks for it; see BENCHMARKS.md for why Medusa 2.21 ignores it).
// bench/main.ts copies this file into a temporary app directory as medusa-config.ts, next to
// symlinks to this repository's node_modules, src and demo, so `./src/...` resolves as usual.
import { defineConfig } from "@medusajs/framework/utils"
import { financingPaymentProviders } from "./src/config"

const backendUrl = process.env.MEDUSA_BACKEND_URL || `http://localhost:${process.env.PORT || 9000}`
const cors = process.env.STORE_CORS || backendUrl

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: { storeCors: cors, adminCors: cors, authCors: cors, jwtSecret: "bench-secret", cookieSecret: "bench-secret" },
  },
  admin: { disable: true },
  modules: [
    { resolve: "./src/modules/financing", options: { encryptionKey: process.env.FINANCING_ENCRYPTION_KEY } },
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        webhook_delay: 0,
        providers: financingPaymentProviders({
          env: { FINANCING_SANDBOX_URL: "http://127.0.0.1:9100", ...process.env },
          backendUrl,
          resolve: (slug) => `./src/providers/${slug}`,
        }),
      },
    },
  ],
})
