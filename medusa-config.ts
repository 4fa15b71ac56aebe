// The host Medusa app used by the integration tests and `npm run demo`. It loads this repository's
// own `src/` (API routes, subscribers, workflows, admin extensions, the financing module and the
// lender providers) and points every lender at the local sandbox unless told otherwise.
//
// A store installing the plugin does NOT copy this file: see README.md ("Install") for the
// snippet that uses the published package paths instead of ./src.
import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import { financingPaymentProviders } from "./src/config"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const backendUrl = process.env.MEDUSA_BACKEND_URL || `http://localhost:${process.env.PORT || 9000}`
// Medusa's production setup, switched on by MEDUSA_REDIS_URL: Redis event bus, workflow engine and
// locking, and MEDUSA_WORKER_MODE ("server" | "worker" | "shared") to split HTTP from background
// work. MEDUSA_REDIS_PREFIX keeps parallel runs (the distributed tests) on separate queues
// (BullMQ queue names may not contain ":").
const redisUrl = process.env.MEDUSA_REDIS_URL
const redisPrefix = process.env.MEDUSA_REDIS_PREFIX || "medusa"
const workerMode = (process.env.MEDUSA_WORKER_MODE || "shared") as "shared" | "worker" | "server"
const redisModules = redisUrl
  ? [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl, queueName: `${redisPrefix}-events` } },
      // Shared by every process: the plugin keeps FlexShopper's account-lookup attempt counts here.
      { resolve: "@medusajs/medusa/cache-redis", options: { redisUrl, namespace: `${redisPrefix}:cache:` } },
      {
        resolve: "@medusajs/medusa/workflow-engine-redis",
        options: {
          redis: { redisUrl, queueName: `${redisPrefix}-workflows`, jobQueueName: `${redisPrefix}-workflow-jobs` },
        },
      },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [
            {
              resolve: "@medusajs/medusa/locking-redis",
              id: "locking-redis",
              is_default: true,
              options: { redisUrl, namespace: `${redisPrefix}:lock:` },
            },
          ],
        },
      },
    ]
  : []

const devOrigins = "http://localhost:8000,http://localhost:9000,http://127.0.0.1:9000,http://localhost:7001"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    ...(redisUrl ? { redisUrl } : {}),
    workerMode,
    http: {
      storeCors: process.env.STORE_CORS || devOrigins,
      adminCors: process.env.ADMIN_CORS || devOrigins,
      authCors: process.env.AUTH_CORS || devOrigins,
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.MEDUSA_ADMIN_DISABLED === "true",
    // "/" = the server that serves the admin, on whatever port it runs: the built admin of the
    // browser tests is built once and served by servers on random ports.
    backendUrl: process.env.MEDUSA_ADMIN_BACKEND_URL || "/",
  },
  modules: [
    ...redisModules,
    {
      resolve: "./src/modules/financing",
      options: {
        encryptionKey: process.env.FINANCING_ENCRYPTION_KEY,
      },
    },
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        // Every lender provider this repository has, configured from the environment and
        // defaulting to the sandbox (FINANCING_SANDBOX_URL, default http://127.0.0.1:9100).
        providers: financingPaymentProviders({
          env: { FINANCING_SANDBOX_URL: "http://127.0.0.1:9100", ...process.env },
          backendUrl,
          resolve: (slug) => `./src/providers/${slug}`,
        }),
      },
    },
  ],
})
