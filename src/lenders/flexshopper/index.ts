// FlexShopper v3 waterfall client (no Medusa imports).
export * from "./client"
export * from "./customer-token"
export * from "./errors"
export * from "./lease-order"
export * from "./lines"
export * from "./money"
export * from "./status"
export type * from "./types"
