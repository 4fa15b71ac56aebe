// What a shopper reads when a lender step fails. Transport detail ("Sandbox fault: injected HTTP 503
// [ServiceUnavailable] (HTTP 503)", lender codes, operation names) belongs in the financing log and the
// server log — trackLenderOperation writes it there before the error reaches a route or provider —
// so the shopper gets one plain sentence saying what happened, that nothing was charged when that
// is so, and what to do next. Store routes and providers both word their errors through this file.
import { MedusaError } from "@medusajs/framework/utils"
import { isLenderError, type LenderError } from "../lenders/errors"

/** What went wrong, in the shopper's terms. */
export type ShopperProblem =
  /** The lender is down, slow, answered nonsense, or refused the store's own credentials. */
  | "unavailable"
  /** The lender said no to this shopper or this purchase. */
  | "declined"
  /** The lender refused the details the shopper gave. */
  | "rejected_details"
  /** The lender does not know the thing asked about (an expired application, an unknown account). */
  | "not_found"
  /** The lender's record is not in a state that allows this step (already captured, cancelled, …). */
  | "wrong_stage"

export function shopperSentence(lenderName: string, problem: ShopperProblem): string {
  switch (problem) {
    case "declined":
      return `${lenderName} didn't approve this — nothing has been charged; please choose another way to pay.`
    case "rejected_details":
      return `${lenderName} couldn't accept the details given — nothing has been charged; check them and try again, or choose another way to pay.`
    case "not_found":
      return `${lenderName} couldn't find this application any more — nothing has been charged; please start again or choose another way to pay.`
    case "wrong_stage":
      return `${lenderName} can't do this step right now — nothing more has been charged; refresh the page and try again.`
    case "unavailable":
    default:
      return `${lenderName} isn't available right now — nothing has been charged; try again or choose another way to pay.`
  }
}

/** The shopper's view of a LenderError (before it became a MedusaError). */
export function lenderErrorProblem(error: LenderError): ShopperProblem {
  const status = error.httpStatus
  if (error.declined || status === 402) return "declined"
  if (status === 401 || status === 403) return "unavailable"
  if (error.kind === "validation" || status === 400 || status === 422) return "rejected_details"
  if (status === 404) return "not_found"
  if (status === 409) return "wrong_stage"
  return "unavailable"
}

const FROM_MEDUSA_TYPE: Record<string, ShopperProblem> = {
  [MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR]: "declined",
  [MedusaError.Types.INVALID_DATA]: "rejected_details",
  [MedusaError.Types.NOT_FOUND]: "not_found",
  [MedusaError.Types.NOT_ALLOWED]: "wrong_stage",
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
}

/**
 * A MedusaError made from a LenderError by toMedusaError reads "<Lender> <operation> failed: …"
 * (lenders/errors.ts formatLenderErrorMessage). Those carry lender detail; the plugin's own
 * messages ("FlexShopper: cart_id must …") are already written for people and pass through.
 */
export function isLenderFailureMessage(lenderName: string, message: string): boolean {
  return new RegExp(`^${escapeRegExp(lenderName)} [\\w.-]+ failed: `).test(message)
}

export interface ShopperFacing {
  problem: ShopperProblem | null
  /** The plain sentence, or the plugin's own message when it already is one. */
  message: string
  /** Medusa's error type the route should answer with. */
  type: string
}

/** Classifies any error a lender step can raise, for the shopper. */
export function shopperFacing(lenderName: string, error: unknown): ShopperFacing {
  if (isLenderError(error)) {
    const problem = lenderErrorProblem(error)
    return { problem, message: shopperSentence(lenderName, problem), type: typeFor(problem) }
  }
  const medusa = asMedusaError(error)
  if (medusa) {
    if (medusa.type === MedusaError.Types.UNEXPECTED_STATE || medusa.type === MedusaError.Types.DB_ERROR) {
      return {
        problem: "unavailable",
        message: shopperSentence(lenderName, "unavailable"),
        type: MedusaError.Types.UNEXPECTED_STATE,
      }
    }
    if (isLenderFailureMessage(lenderName, medusa.message)) {
      const problem = FROM_MEDUSA_TYPE[medusa.type] ?? "unavailable"
      return { problem, message: shopperSentence(lenderName, problem), type: typeFor(problem) }
    }
    return { problem: null, message: medusa.message, type: medusa.type }
  }
  return {
    problem: "unavailable",
    message: shopperSentence(lenderName, "unavailable"),
    type: MedusaError.Types.UNEXPECTED_STATE,
  }
}

/** The plain sentence for any error a lender step raised. */
export function shopperMessage(lenderName: string, error: unknown): string {
  return shopperFacing(lenderName, error).message
}

/** The same failure as a MedusaError the shopper may read (type kept, wording plain). */
export function toShopperError(lenderName: string, error: unknown): MedusaError {
  const facing = shopperFacing(lenderName, error)
  const medusa = asMedusaError(error)
  if (medusa && facing.problem === null) return medusa
  return new MedusaError(facing.type, facing.message)
}

function typeFor(problem: ShopperProblem): string {
  switch (problem) {
    case "declined":
      return MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR
    case "rejected_details":
      return MedusaError.Types.INVALID_DATA
    case "not_found":
      return MedusaError.Types.NOT_FOUND
    case "wrong_stage":
      return MedusaError.Types.NOT_ALLOWED
    case "unavailable":
    default:
      return MedusaError.Types.UNEXPECTED_STATE
  }
}

function asMedusaError(error: unknown): MedusaError | undefined {
  if (error instanceof MedusaError) return error
  if (
    typeof error === "object" &&
    error !== null &&
    (error as { __isMedusaError?: unknown }).__isMedusaError === true
  ) {
    return error as MedusaError
  }
  return undefined
}

/**
 * What POST /store/carts/:id/complete shows when authorising failed. Medusa answers
 * PAYMENT_AUTHORIZATION_ERROR with `{ type: "cart", error }` and anything it does not know as a 500,
 * so an outage (or an answer lost after the lender acted) becomes the first, in plain words; the
 * lender's own refusals and the plugin's messages pass through. Not "nothing has been charged": a
 * lost answer may hide an approval, which the lender's notification or the reconcile job then turns
 * into the order.
 */
export function authorizeOutageError(lenderName: string, error: unknown): unknown {
  const facing = shopperFacing(lenderName, error)
  // A lender's refusal passes through; one that is not yet a MedusaError becomes one (else a 500).
  if (facing.problem !== "unavailable") return asMedusaError(error) ?? new MedusaError(facing.type, facing.message)
  return new MedusaError(
    MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
    `${lenderName} isn't answering right now — if ${lenderName} approved the payment, your order is placed as soon as that is confirmed; otherwise nothing has been charged. Try again in a moment or choose another way to pay.`,
  )
}
