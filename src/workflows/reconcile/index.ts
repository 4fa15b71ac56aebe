// The reconcile job's building blocks (exported through ../index.ts).
export * from "./run"
export * from "./workflow"
export * from "./schedule"
export * from "./sessions"
export * from "./orders"
export type * from "./types"
export { NEWDAY_SCA_TTL_MS } from "./newday"
export * from "./canceled-orders"
