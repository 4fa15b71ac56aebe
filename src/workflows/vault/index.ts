// Workflows of the vault integration (exported through ../index.ts).
export {}
