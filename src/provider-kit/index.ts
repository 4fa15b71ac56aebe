// Plumbing shared by the four lender providers and their routes.
export * from "./cart"
export * from "./cart-payment-session"
export * from "./client-cache"
export * from "./provider-options"
export * from "./session-data"
export * from "./track-operation"
export * from "./urls"
export * from "./validate-request"
