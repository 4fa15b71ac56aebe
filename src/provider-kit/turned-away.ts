// Decline fallback: once a lender has declined a cart, or the shopper has abandoned that lender's
// application (it expired or was cancelled), the lender is left out for that cart. The offers route
// then answers the next eligible lender, and the plugin's guard on Medusa's stock payment-session
// route refuses a new session with it, so both agree. A new cart starts afresh.
//
// The record is one financing-log row per lender and cart (its idempotency key), written by the
// server at the lender's own decision point, never from anything the browser says.
import { MedusaError } from "@medusajs/framework/utils"
import { toMinorUnits, type AmountInput } from "../lenders/money"
import { providerIdFor, type LenderSlug } from "../lenders/slugs"
import type { FinancingOperationDTO, RecordFinancingOperationInput } from "../modules/financing/types"

export type TurnedAwayReason = "declined" | "abandoned"

type TurnedAwayLog = {
  findOperationByIdempotencyKey(key: string): Promise<FinancingOperationDTO | null>
  recordOperation(input: RecordFinancingOperationInput): Promise<unknown>
}

const OPERATION = "turned-away"
const keyOf = (lender: LenderSlug, cartId: string) => `turned-away:${lender}:cart:${cartId}`

/** Remembers that `lender` turned this cart away; the first reason recorded stays. Never throws: a lost record only offers the lender again. */
export async function rememberTurnedAway(
  log: TurnedAwayLog | undefined,
  entry: {
    lender: LenderSlug
    cartId: string | null | undefined
    reason: TurnedAwayReason
    /** The amount declined, in minor units, when the decline was about the amount: a smaller basket may ask again. */
    amountMinor?: number
  },
): Promise<void> {
  if (!log || !entry.cartId) return
  const key = keyOf(entry.lender, entry.cartId)
  try {
    if (await log.findOperationByIdempotencyKey(key)) return
    await log.recordOperation({
      provider_id: providerIdFor(entry.lender),
      lender: entry.lender,
      operation: OPERATION,
      outcome: "succeeded",
      idempotency_key: key,
      detail: {
        cart_id: entry.cartId,
        reason: entry.reason,
        ...(Number.isInteger(entry.amountMinor) ? { amount_minor: entry.amountMinor } : {}),
      },
    })
  } catch {
    // The audit trail never decides a payment; the lender's own refusal still stands.
  }
}

/**
 * Why `lender` turned this cart away, or null when it has not. A decline of a stated amount holds
 * for that amount and above; `amountMinor` (the cart's total now) below it is a new question.
 */
export async function turnedAwayReason(
  log: TurnedAwayLog | undefined,
  lender: LenderSlug,
  cartId: string,
  amountMinor?: number,
): Promise<TurnedAwayReason | null> {
  const row = log ? await log.findOperationByIdempotencyKey(keyOf(lender, cartId)) : null
  if (!row || row.operation !== OPERATION) return null
  const detail = (row.detail ?? {}) as { reason?: TurnedAwayReason; amount_minor?: number }
  if (typeof detail.amount_minor === "number" && typeof amountMinor === "number" && amountMinor < detail.amount_minor)
    return null
  return detail.reason === "abandoned" ? "abandoned" : "declined"
}

/** The shopper's sentence for a lender left out of this cart's offers. */
export function turnedAwayMessage(lenderName: string, reason: TurnedAwayReason): string {
  return reason === "declined"
    ? `${lenderName} didn't approve this basket, so it isn't offered again for it — please choose another way to pay.`
    : `The ${lenderName} application for this basket wasn't finished, so it isn't offered again for it — please choose another way to pay.`
}

/** A lender's own word for an ended payment (DECLINED, FAILED, EXPIRED, CANCELLED…) as a reason. */
export function turnedAwayReasonOf(lenderStatus: string | null | undefined): TurnedAwayReason {
  return /declin|fail|reject/i.test(lenderStatus ?? "") ? "declined" : "abandoned"
}

/**
 * Refuses a new payment session with a lender that turned this cart away (a 400 in the shopper's
 * words). The plugin's own routes and its guard on Medusa's stock payment-session route both ask here.
 */
export async function refuseIfTurnedAway(
  log: TurnedAwayLog | undefined,
  lender: { slug: LenderSlug; name: string },
  cartId: string | null | undefined,
  amountMinor?: number,
): Promise<void> {
  if (!cartId) return
  const reason = await turnedAwayReason(log, lender.slug, cartId, amountMinor)
  if (reason) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, turnedAwayMessage(lender.name, reason))
}

/** A basket total in minor units for the checks above, or undefined when it is not an amount. */
export function basketMinorUnits(total: unknown, currencyCode: string | null | undefined): number | undefined {
  try {
    return currencyCode ? toMinorUnits(total as AmountInput, currencyCode) : undefined
  } catch {
    return undefined
  }
}
