// Workflows of the payment-assist integration (exported through ../index.ts).
export {}
