// Bench host app WITHOUT the plugin: the same Medusa settings as with-plugin.ts, no plugin entry,
// no financing module and no lender providers. Its app directory has the same node_modules layout
// (one symlink per installed package) minus medusa-plugin-financing, and no src folder.
import { defineConfig } from "@medusajs/framework/utils"

const backendUrl = process.env.MEDUSA_BACKEND_URL || `http://localhost:${process.env.PORT || 9000}`
const cors = process.env.STORE_CORS || backendUrl

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: { storeCors: cors, adminCors: cors, authCors: cors, jwtSecret: "bench-secret", cookieSecret: "bench-secret" },
  },
  admin: { disable: true },
  modules: [{ resolve: "@medusajs/medusa/payment", options: { webhook_delay: 0 } }],
})
