// Workflows of the payment-assist integration (exported through ../index.ts).
export * from "./sync-application"
export * from "./upload-invoice"
export * from "./set-order-reference"
export { applyPaymentAssistOutcomeStep } from "./steps/apply-outcome"
export { fetchPaymentAssistApplicationStep } from "./steps/fetch-application"
export { resolvePaymentAssistSessionStep } from "./steps/resolve-session"
export { uploadPaymentAssistInvoiceStep } from "./steps/upload-invoice"
export { setPaymentAssistOrderReferenceStep } from "./steps/set-order-reference"
