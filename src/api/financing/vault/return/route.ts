// GET /financing/vault/return — where Vault sends the shopper back after the hosted checkout
// (success and failure alike). The query string proves nothing: the payment is verified
// server-side with Vault and Checkout.com (invoice, amount, currency, reference) before anything
// changes, then the shopper goes to the storefront's success or failure page with the cart id.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { isLenderError } from "../../../../lenders/errors"
import { withLenderReadScope } from "../../../../lenders/read-scope"
import { FINANCING_MODULE } from "../../../../modules/financing/constants"
import type { FinancingLog } from "../../../../modules/financing/types"
import { exclusively, lenderReferenceLockKey } from "../../../../provider-kit/exclusive"
import { messageOf } from "../../../../provider-kit/message-of"
import { lenderOptions } from "../../../../provider-kit/provider-options"
import { withQuery } from "../../../../provider-kit/urls"
import { decideCheckoutReturn } from "../../../../providers/vault/checkout-return"
import { checkoutLookupFor, vaultClientFor } from "../../../../providers/vault/client-factory"
import type { VaultProviderOptions } from "../../../../providers/vault/options"
import { vaultLender } from "../../../../providers/vault/lender"
import { settleVaultPayment } from "../../../../workflows/vault/settle-payment"
import { loadVaultSession } from "../../../../workflows/vault/vault-session"
import { noteUnverifiedRequest } from "../../unverified-request"

function param(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 && value.length <= 200 ? value : undefined
}

// One store request, one Vault payment read: the verified answer also serves the provider's
// authorize when the cart is completed here (lenders/read-scope.ts).
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  return withLenderReadScope(() => handleVaultReturn(req, res))
}

async function handleVaultReturn(req: MedusaRequest, res: MedusaResponse) {
  const options = await lenderOptions<VaultProviderOptions>(req.scope, vaultLender)
  const query = req.query as Record<string, unknown>
  const sessionId = param(query.payment_session_id)
  const financing = req.scope.resolve<FinancingLog>(FINANCING_MODULE)
  const logger = req.scope.resolve("logger")

  let cartId: string | undefined
  const record = (outcome: "succeeded" | "failed" | "action_required", fields: Record<string, unknown>) =>
    financing
      .recordOperation({
        provider_id: vaultLender.providerId,
        lender: vaultLender.slug,
        operation: "return",
        payment_session_id: sessionId ?? null,
        outcome,
        ...fields,
      })
      .catch(() => undefined)
  // verified: false — the request proved nothing about the session it names (unknown session, or
  // payment ids that don't match it): no row in that session's history (see unverified-request.ts).
  const toFailure = async (reason: string, detail: Record<string, unknown> = {}, verified = true) => {
    if (verified) await record(reason === "pending" ? "action_required" : "failed", { error_code: reason, detail })
    else noteUnverifiedRequest(req.scope, "Vault return", reason)
    res.redirect(302, withQuery(options.storefrontFailureUrl, { lender: "vault", cart_id: cartId, reason }))
  }

  const session = sessionId ? await loadVaultSession(req.scope, sessionId) : undefined
  if (!session || session.refs.type !== "CHECKOUT") return toFailure("unknown_payment", {}, false)
  cartId = session.cart_id

  let decision
  try {
    decision = await decideCheckoutReturn({
      refs: session.refs,
      amount: session.amount,
      checkoutSessionId:
        typeof session.data.checkout_session_id === "string" ? session.data.checkout_session_id : undefined,
      query: {
        ckoPaymentId: param(query["cko-payment-id"]),
        ckoSessionId: param(query["cko-session-id"]),
        ckoPaymentSessionId: param(query["cko-payment-session-id"]),
      },
      client: vaultClientFor(options, logger),
      lookup: checkoutLookupFor(options, logger),
    })
  } catch (error) {
    // Vault or Checkout.com unreachable: nothing verified, nothing changed; the webhook still settles it.
    return toFailure("verification_unavailable", { error: isLenderError(error) ? error.message : "unexpected error" })
  }

  if (decision.kind === "rejected") return toFailure("verification_failed", { check: decision.reason }, false)
  if (decision.kind === "pending") return toFailure("pending")
  try {
    // The same lock as the notification's, which may be handled by another server process.
    const settled = await exclusively(req.scope, lenderReferenceLockKey("vault", session.id), () =>
      settleVaultPayment(req.scope, session.id, decision.payment),
    )
    if (decision.kind === "failed") return toFailure(decision.reason, { vault_status: decision.payment.status })
    if (settled.outcome !== "completed") return toFailure("not_completed")
    await record("succeeded", { lender_reference: decision.payment.paymentId, order_id: settled.order_id ?? null })
    res.redirect(
      302,
      withQuery(options.storefrontSuccessUrl, { lender: "vault", cart_id: cartId, order_id: settled.order_id }),
    )
  } catch (error) {
    logger.error(`Vault return for ${session.id}: ${messageOf(error, "unexpected error")}`)
    return toFailure("not_completed")
  }
}
