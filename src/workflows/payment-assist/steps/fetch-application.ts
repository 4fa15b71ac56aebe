// Reads the application from Payment Assist: the only source the plugin acts on.
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ApplicationStatusResult } from "../../../lenders/payment-assist/types"
import { toMedusaError } from "../../../provider-kit/medusa-error"
import { paymentAssistClientFor, PAYMENT_ASSIST_NAME } from "../context"
import type { ResolvedSession } from "./resolve-session"

export const fetchPaymentAssistApplicationStep = createStep(
  "payment-assist-fetch-application",
  async (input: { token: string; session: ResolvedSession }, { container }) => {
    // Nothing to act on for an unknown session: don't ask the lender about it either.
    if (!input.session.found) return new StepResponse<ApplicationStatusResult | null>(null)
    try {
      return new StepResponse<ApplicationStatusResult | null>(
        await (await paymentAssistClientFor(container)).status(input.token),
      )
    } catch (error) {
      throw toMedusaError(error, { lenderName: PAYMENT_ASSIST_NAME, operation: "status" })
    }
  },
)
