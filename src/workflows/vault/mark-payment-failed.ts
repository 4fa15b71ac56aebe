// Vault reported (and we verified) a failed, cancelled or expired payment: mark the payment
// collection failed so the storefront and admin see it, instead of an order-less "awaiting"
// forever (Medusa's own webhook flow drops failed/canceled actions, medusajs/medusa#16398).
import { Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"

export interface MarkVaultPaymentFailedInput {
  payment_collection_id: string
}

type Previous = { id: string; status: string } | null
type Outcome = { changed: boolean; previous_status: string | null }

const markCollectionFailedStep = createStep<MarkVaultPaymentFailedInput, Outcome, Previous>(
  "vault-mark-payment-collection-failed",
  async (input, { container }) => {
    const payments = container.resolve(Modules.PAYMENT)
    const [collection] = await payments.listPaymentCollections({ id: input.payment_collection_id }, { select: ["id", "status"] })
    // A collection that was paid (or already failed) keeps its status: a late failure of an
    // abandoned attempt must not undo a completed payment.
    if (!collection || ["completed", "authorized", "partially_captured", "failed", "canceled"].includes(collection.status)) {
      return new StepResponse<Outcome, Previous>({ changed: false, previous_status: collection?.status ?? null }, null)
    }
    // `status` is a column of payment_collection; UpdatePaymentCollectionDTO does not list it.
    await payments.updatePaymentCollections(collection.id, { status: "failed" } as Record<string, unknown>)
    return new StepResponse<Outcome, Previous>({ changed: true, previous_status: collection.status }, { id: collection.id, status: collection.status })
  },
  async (previous, { container }) => {
    if (!previous) return
    await container.resolve(Modules.PAYMENT).updatePaymentCollections(previous.id, { status: previous.status } as Record<string, unknown>)
  }
)

export const markVaultPaymentFailedWorkflow = createWorkflow("vault-mark-payment-failed", function (input: MarkVaultPaymentFailedInput) {
  const result = markCollectionFailedStep(input)
  return new WorkflowResponse(result)
})
