// Vault invoice payments: client, Checkout.com lookup, webhook verification, amounts. No Medusa imports.
export * from "./types"
export * from "./errors"
export * from "./amounts"
export * from "./token-manager"
export * from "./client"
export * from "./checkout"
export * from "./webhook"
