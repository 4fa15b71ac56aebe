// Brings one order's financing in line with its lender: reads the lender's status for the order's
// payment, applies it through the workflows that already handle that lender's notifications,
// stores the lender's status word on the payment and logs what changed. Used by the admin "sync"
// action and by the reconcile job, which calls exactly `syncFinancingForOrder(container, orderId)`.
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { isLenderError } from "../../lenders/errors"
import { toMedusaError } from "../../provider-kit/medusa-error"
import { lenderFromProviderId } from "../../lenders/slugs"
import { lenderBySlug } from "../../providers/lenders"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type FinancingModuleService from "../../modules/financing/service"
import { financingSummaryForOrder, loadFinancingOrder } from "../admin/order"
import { pickFinancingPayment } from "../admin/summary"
import { lenderOperations } from "../lenders"
import type { SyncFinancingResult, SyncOptions } from "./types"

export type { LenderSyncOutcome, SyncFinancingResult, SyncOptions } from "./types"

export async function syncFinancingForOrder(
  container: MedusaContainer,
  orderId: string,
  options: SyncOptions = {},
): Promise<SyncFinancingResult> {
  const order = await loadFinancingOrder(container, orderId)
  const payment = pickFinancingPayment(order.payments)
  const lender = lenderFromProviderId(payment?.provider_id)
  if (!payment || !lender) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Order ${orderId} has no payment through a financing lender to sync.`,
    )
  }
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const data = { ...(payment.data ?? {}) }
  const session =
    order.sessions.find((s) => s.provider_id === payment.provider_id && s.data?.session_id === data.session_id) ??
    order.sessions.find((s) => s.provider_id === payment.provider_id)
  const trigger = options.trigger ?? "admin"
  const base = {
    provider_id: payment.provider_id,
    lender,
    operation: "sync",
    order_id: order.id,
    payment_id: payment.id,
  }

  let outcome
  try {
    outcome = await lenderOperations(lender).sync({ container, order, payment, session, data, trigger })
  } catch (error) {
    await financing
      .recordOperation({
        ...base,
        outcome: "failed",
        error_code: isLenderError(error) ? (error.lenderCode ?? error.kind) : "error",
        error_message: isLenderError(error) ? error.message : toMedusaError(error).message,
        http_status: isLenderError(error) ? (error.httpStatus ?? null) : null,
        detail: { trigger },
      })
      .catch(() => undefined)
    throw isLenderError(error)
      ? toMedusaError(error, { lenderName: lenderBySlug(lender).name, operation: "sync" })
      : error
  }

  if (outcome.data) {
    // The payment module stores `data` as given (UpdatePaymentDTO is typed { id } only).
    await container.resolve(Modules.PAYMENT).updatePayment({ id: payment.id, data: outcome.data } as never)
  }
  const changed = outcome.lender_status !== outcome.previous_status || outcome.acted
  if (changed && !outcome.logged) {
    await financing.recordOperation({
      ...base,
      outcome: "succeeded",
      detail: {
        trigger,
        lender_status: outcome.lender_status,
        previous_status: outcome.previous_status,
        ...(outcome.detail ?? {}),
      },
    })
  }

  const summary = await financingSummaryForOrder(container, order.id)
  return { lender, status: summary?.status.value ?? "pending", changed, lender_status: outcome.lender_status }
}
