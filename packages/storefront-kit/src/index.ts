// medusa-plugin-financing-storefront: framework-free parts (no React). Components: "./react".
export * from "./client"
export * from "./money"
export * from "./returns"
export * from "./messaging"
export type * from "./types"
