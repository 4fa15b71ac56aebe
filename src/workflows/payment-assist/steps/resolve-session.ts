// Finds the Medusa payment session an application token belongs to, and where it stands (cart,
// order, payment). The token must match the session's own data: a token from another session,
// or an unknown one, resolves to "not found" and nothing downstream acts on it.
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { FINANCING_MODULE } from "../../../modules/financing/constants"
import type FinancingModuleService from "../../../modules/financing/service"
import { PAYMENT_ASSIST, PAYMENT_ASSIST_PROVIDER_ID } from "../context"
import { cartOfCollection, orderOfCart, underCartLock } from "../../cart-links"

export interface ResolvedSession {
  found: boolean
  reason?: string
  session_id?: string
  session_status?: string
  amount?: unknown
  currency_code?: string
  data?: Record<string, unknown>
  collection_id?: string
  cart_id?: string | null
  order_id?: string | null
  payment_id?: string | null
  payment_captured?: boolean
}

export interface ResolveSessionInput {
  token: string
  payment_session_id?: string
}

export async function resolvePaymentAssistSession(
  container: MedusaContainer,
  input: ResolveSessionInput,
): Promise<ResolvedSession> {
  const sessionId = input.payment_session_id || (await sessionIdFromLog(container, input.token))
  if (!sessionId) return { found: false, reason: "no payment session for this application" }
  const payments = container.resolve(Modules.PAYMENT)
  const [session] = await payments.listPaymentSessions({ id: sessionId }, { relations: ["payment"] })
  if (!session || session.provider_id !== PAYMENT_ASSIST_PROVIDER_ID)
    return { found: false, reason: "unknown payment session" }
  if ((session.data as Record<string, unknown> | undefined)?.token !== input.token) {
    return { found: false, reason: "the application does not belong to this payment session" }
  }
  const cartId = await cartOfCollection(container, session.payment_collection_id)

  // Where the session stands is read once no cart completion is in flight (the cart lock that
  // completeCartWorkflow and processPaymentWorkflow hold): mid-completion there is an order that
  // the workflow's compensation removes again if authorization fails, and a payment not yet made.
  const standing = async (): Promise<ResolvedSession> => {
    const [current] = await payments.listPaymentSessions({ id: sessionId }, { relations: ["payment"] })
    if (!current) return { found: false, reason: "the payment session was removed" }
    return {
      found: true,
      session_id: current.id,
      session_status: current.status,
      amount: current.amount,
      currency_code: current.currency_code,
      data: current.data as Record<string, unknown>,
      collection_id: current.payment_collection_id,
      cart_id: cartId,
      order_id: cartId ? await orderOfCart(container, cartId) : null,
      payment_id: current.payment?.id ?? null,
      payment_captured: Boolean(current.payment?.captured_at),
    }
  }
  return underCartLock(container, cartId, standing)
}

/** Webhooks whose URL lost its session_id still resolve: the initiate log entry holds the token. */
async function sessionIdFromLog(container: MedusaContainer, token: string): Promise<string | undefined> {
  const financing = container.resolve<FinancingModuleService>(FINANCING_MODULE)
  const [entry] = await financing.listFinancingOperations(
    { lender: PAYMENT_ASSIST, operation: "initiate", outcome: "succeeded", lender_reference: token } as never,
    { take: 1, order: { created_at: "DESC" } as never },
  )
  return (entry as { payment_session_id?: string | null } | undefined)?.payment_session_id ?? undefined
}

export const resolvePaymentAssistSessionStep = createStep(
  "payment-assist-resolve-session",
  async (input: ResolveSessionInput, { container }) =>
    new StepResponse(await resolvePaymentAssistSession(container, input)),
)
