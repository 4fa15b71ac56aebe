import type { LenderOptionsReader } from "./types"

// The payment-assist provider lands with its own issue; until then the store does not offer it.
export const readPaymentAssistOptions: LenderOptionsReader = () => undefined
