// Workflows of the flexshopper integration (exported through ../index.ts).
export {}
