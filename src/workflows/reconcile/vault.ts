// Vault sessions whose payment notification never arrived (or was not acted on): read the
// payment back from Vault, check it belongs to the session, and apply it through the same
// settleVaultPayment the webhook and the return use (SUCCESS completes the cart once;
// FAILED/CANCELLED/EXPIRED mark the collection failed). PLATFORM payments are confirmed during
// cart completion itself, so nothing waits on Vault for them.
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { providerIdFor } from "../../lenders/slugs"
import { findLenderOptions } from "../../provider-kit/provider-options"
import { vaultLender } from "../../providers/vault/lender"
import { vaultClientFor } from "../../providers/vault/client-factory"
import type { VaultProviderOptions } from "../../providers/vault/options"
import { checkVaultPayment } from "../../providers/vault/verify"
import { settleVaultPayment } from "../vault/settle-payment"
import { loadVaultSession } from "../vault/vault-session"
import { cancelWaitingSession } from "./cancel-session"
import type { SessionReconciler, SessionVerdict } from "./types"

export const vaultReconciler: SessionReconciler = {
  lender: "vault",
  providerId: providerIdFor("vault"),
  maxWaitMs: 3 * 24 * 60 * 60 * 1000,
  async reconcile(container, pending): Promise<SessionVerdict> {
    const options = await findLenderOptions<VaultProviderOptions>(container, vaultLender)
    if (!options) return { result: "skipped", reason: "Vault is not configured" }
    const session = await loadVaultSession(container, pending.id)
    if (!session) return { result: "skipped", reason: "the session never reached Vault" }
    if (session.refs.type === "PLATFORM")
      return { result: "skipped", reason: "PLATFORM payments are confirmed at cart completion" }
    const client = vaultClientFor(options, container.resolve<Logger>(ContainerRegistrationKeys.LOGGER))
    const payment = await client.getPayment({
      paymentId: session.refs.payment_id,
      invoiceId: session.refs.invoice_id,
      type: session.refs.type,
    })
    const check = checkVaultPayment(payment, {
      invoiceId: session.refs.invoice_id,
      amount: session.amount,
      currency: session.refs.currency,
    })
    if (!check.ok)
      return {
        result: "action_required",
        reason: `Vault's payment does not match the session (${check.reason})`,
        lender_status: payment.status,
      }
    const settled = await settleVaultPayment(container, session.id, payment)
    if (settled.outcome === "completed")
      return { result: "completed", order_id: settled.order_id ?? null, lender_status: payment.status }
    if (settled.outcome === "failed") {
      // settleVaultPayment marked the collection failed; the session itself is closed too.
      await cancelWaitingSession(container, pending, { data: { vault_status: payment.status } })
      return {
        result: "canceled",
        reason: `Vault reports the payment ${payment.status}`,
        lender_status: payment.status,
      }
    }
    return { result: "waiting", reason: "Vault has not settled the payment", lender_status: payment.status }
  },
}
