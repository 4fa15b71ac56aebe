// Workflows a store may compose or run itself (exported as `medusa-plugin-financing/workflows`).
export * from "./record-financing-operation"
export * from "./steps/record-financing-operation"
export * from "./payment-assist"
export * from "./flexshopper"
export * from "./newday"
export * from "./vault"
