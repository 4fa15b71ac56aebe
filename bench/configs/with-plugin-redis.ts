// Bench host app for the load section (bench/lib/load.ts): bench/configs/with-plugin.ts (the BUILT
// plugin, configured as README.md's "Install into an existing store", every lender on the bench's
// sandbox) run the way production runs Medusa — Redis event bus, cache, workflow engine and locking,
// and MEDUSA_WORKER_MODE splitting HTTP ("server") from subscribers/jobs/async steps ("worker").
// The Redis module list is the one the repository's medusa-config.ts switches on with
// MEDUSA_REDIS_URL (the distributed tests' setup); it is repeated here because that file loads
// ./src, whereas a store (and this bench) loads the published package. MEDUSA_REDIS_PREFIX keeps
// this run's queues apart from any other run on the same Redis.
import { defineConfig } from "@medusajs/framework/utils"
import { financingPaymentProviders } from "medusa-plugin-financing/config"

const backendUrl = process.env.MEDUSA_BACKEND_URL || `http://localhost:${process.env.PORT || 9000}`
const cors = process.env.STORE_CORS || backendUrl
const redisUrl = process.env.MEDUSA_REDIS_URL
if (!redisUrl) throw new Error("bench/configs/with-plugin-redis.ts needs MEDUSA_REDIS_URL")
const redisPrefix = process.env.MEDUSA_REDIS_PREFIX || "medusa"
const workerMode = (process.env.MEDUSA_WORKER_MODE || "shared") as "shared" | "worker" | "server"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    workerMode,
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
      resolve: "@medusajs/medusa/event-bus-redis",
      options: {
        redisUrl,
        queueName: `${redisPrefix}-events`,
        // Events the worker processes at a time; Medusa's default is one. The load bench restarts
        // the worker with more to measure webhook processing in parallel (bench/lib/load.ts).
        workerOptions: { concurrency: Number(process.env.MEDUSA_EVENT_BUS_CONCURRENCY) || 1 },
      },
    },
    // Shared by both processes: the plugin keeps FlexShopper's account-lookup attempt counts here.
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
