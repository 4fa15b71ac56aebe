// Workflows of the vault integration (exported through ../index.ts).
export * from "./settle-payment"
export * from "./vault-session"
