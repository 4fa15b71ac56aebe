// Workflows a store may compose or run itself (exported as `medusa-plugin-financing/workflows`).
// The one-step ones (flexshopper-confirm-fulfillment, flexshopper-return-and-credit,
// financing-reconcile, record-financing-operation) are kept as public extension points; see
// "Workflows" in docs/architecture.md.
export * from "./record-financing-operation"
export * from "./steps/record-financing-operation"
export * from "./payment-assist"
export * from "./flexshopper"
export * from "./newday"
export * from "./vault"
export * from "./payment-failed"
export * from "./reconcile"
export * from "./sync"
