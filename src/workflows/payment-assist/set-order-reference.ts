import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { setPaymentAssistOrderReferenceStep, type SetOrderReferenceInput } from "./steps/set-order-reference"

/** Puts the store's order number on the Payment Assist agreement (see the step for when). */
export const setPaymentAssistOrderReferenceWorkflow = createWorkflow(
  "payment-assist-set-order-reference",
  (input: SetOrderReferenceInput) => {
    return new WorkflowResponse(setPaymentAssistOrderReferenceStep(input))
  },
)
