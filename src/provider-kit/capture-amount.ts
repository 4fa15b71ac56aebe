// Medusa never tells a provider how much a capture is for (capturePayment gets only `data` and
// the capture's id as idempotency key). The capture row is written — and committed — before
// the provider is called, so its amount is read back here through the payment module's own
// capture service, available in the provider's container. That amount is exactly what Medusa
// records as captured, so settling it keeps Medusa and the lender equal by construction.
import { MedusaError } from "@medusajs/framework/utils"
import type { AmountInput } from "../lenders/money"

interface CaptureService {
  retrieve(
    id: string,
    config?: Record<string, unknown>,
  ): Promise<{ id: string; amount?: unknown; raw_amount?: unknown }>
}

export async function captureAmountOf(
  container: Record<string, unknown>,
  captureId: string | undefined,
  lenderName: string,
): Promise<AmountInput> {
  let service: CaptureService | undefined
  try {
    service = container.captureService as CaptureService | undefined
  } catch {
    service = undefined // not registered in this container (awilix throws on unknown names)
  }
  if (!captureId || !service?.retrieve) {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `${lenderName} capture failed: the capture amount cannot be determined (no capture id or capture service).`,
    )
  }
  const capture = await service.retrieve(captureId, { select: ["id", "amount", "raw_amount"] })
  return (capture.raw_amount ?? capture.amount) as AmountInput
}
