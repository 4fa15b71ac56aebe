// Financing-log entries written outside a workflow run (a rejected return or webhook, a failed
// sync): the run that would have logged it never happened or was rolled back.
import type { MedusaContainer } from "@medusajs/framework/types"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import type { RecordFinancingOperationInput } from "../../modules/financing/types"
import { PAYMENT_ASSIST, PAYMENT_ASSIST_PROVIDER_ID } from "./context"

export async function logPaymentAssistFailure(
  container: Pick<MedusaContainer, "resolve">,
  entry: Omit<RecordFinancingOperationInput, "provider_id" | "lender" | "outcome">,
): Promise<void> {
  try {
    const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
    await financing.recordOperation({
      ...entry,
      provider_id: PAYMENT_ASSIST_PROVIDER_ID,
      lender: PAYMENT_ASSIST,
      outcome: "failed",
    })
  } catch {
    // The audit trail must never turn a rejection into a crash.
  }
}
