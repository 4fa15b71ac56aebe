// The shared "a lender verified the payment failed" workflow (exported through ../index.ts).
export {
  markPaymentFailed,
  markPaymentFailedStep,
  markPaymentFailedWorkflow,
  markPaymentFailedWorkflowId,
  type MarkPaymentFailedInput,
  type MarkPaymentFailedResult,
  type PaymentFailedAction,
} from "./mark-payment-failed"
export { readSessionStanding, type SessionStanding } from "./session-standing"
