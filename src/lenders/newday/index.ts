// NewDay NewPay "Order Processing 1.0" client (no Medusa imports).
export * from "./client"
export * from "./idempotency"
export * from "./money"
export * from "./problem"
export * from "./types"
