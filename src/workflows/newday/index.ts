// Workflows of the newday integration (exported through ../index.ts).
export {}
