// Workflows a store may compose or run itself (exported as `medusa-plugin-financing/workflows`).
export * from "./record-financing-operation"
export * from "./steps/record-financing-operation"
