// Processing of one recorded Vault payment notification (the route recorded it and answered Vault;
// see webhooks/delivery.ts). Only the ids were kept from the body: which cart it is about (the
// invoice's reference is our session id) and what really happened are read back from Vault, and
// the verified result is settled once. Refusals that used to answer 400 (not this store's invoice,
// a payment that does not match its session) are now the entry's outcome: Vault has its 200.
import type { MedusaContainer } from "@medusajs/framework/types"
import { isLenderError } from "../../lenders/errors"
import type { FinancingOperationDTO } from "../../modules/financing/types"
import { exclusively, lenderReferenceLockKey } from "../../provider-kit/exclusive"
import { lenderOptions } from "../../provider-kit/provider-options"
import { vaultClientFor } from "../../providers/vault/client-factory"
import { vaultLender } from "../../providers/vault/lender"
import type { VaultProviderOptions } from "../../providers/vault/options"
import { sessionIdFromReference } from "../../providers/vault/session-data"
import { checkVaultPayment } from "../../providers/vault/verify"
import type { WebhookResult } from "../webhooks/delivery"
import { settleVaultPayment } from "./settle-payment"
import { loadVaultSession } from "./vault-session"

/** The ids the route keeps of a notification (everything else is read back from Vault). */
export function vaultWebhookReferences(notice: { invoiceId: string; paymentId: string }) {
  return { invoice_id: notice.invoiceId, payment_id: notice.paymentId }
}

const refused = (message: string, payment_session_id: string | null = null): WebhookResult => ({
  outcome: "refused",
  error_message: `Vault webhook: ${message}`,
  payment_session_id,
})

export async function processVaultWebhook(
  container: MedusaContainer,
  op: Pick<FinancingOperationDTO, "references">,
): Promise<WebhookResult> {
  const invoiceId = op.references?.invoice_id
  const paymentId = op.references?.payment_id
  if (typeof invoiceId !== "string" || typeof paymentId !== "string")
    return refused("the recorded delivery has no invoice or payment id")
  const options = await lenderOptions<VaultProviderOptions>(container, vaultLender)
  const client = vaultClientFor(options, container.resolve("logger"))
  try {
    const invoice = await client.getInvoice(invoiceId)
    const reference = sessionIdFromReference(invoice.reference)
    if (!reference) return refused("the payment does not belong to a Vault session of this store")
    const session = await loadVaultSession(container, reference)
    if (!session) {
      // Our invoice, but Medusa dropped its session (the cart changed and a new one was made):
      // a late EXPIRED of the abandoned payment. Retrying cannot help; a paid invoice is flagged.
      const paid = invoice.status === "PAID"
      return {
        outcome: paid ? "action_required" : "succeeded",
        payment_session_id: reference,
        detail: {
          ignored: "session_removed",
          invoice_status: invoice.status,
          ...(paid && {
            action_required: "refund the shopper in Vault: the invoice was paid after its payment session was removed",
          }),
        },
      }
    }
    if (session.refs.invoice_id !== invoiceId || session.refs.payment_id !== paymentId) {
      // Not the session's current payment (an earlier invoice of a session whose total changed,
      // or ids that do not belong together): nothing here to apply.
      return { outcome: "succeeded", payment_session_id: session.id, detail: { ignored: "superseded" } }
    }
    const payment = await client.getPayment({ paymentId, invoiceId, type: session.refs.type })
    const check = checkVaultPayment(payment, {
      invoiceId: session.refs.invoice_id,
      amount: session.amount,
      currency: session.refs.currency,
    })
    if (!check.ok) return refused(`the payment does not match the session (${check.reason})`, session.id)
    // settleVaultPayment serialises a session's settlements in this process; the lock also
    // across server processes (the shopper's return may be handled by another one).
    const settled = await exclusively(container, lenderReferenceLockKey("vault", session.id), () =>
      settleVaultPayment(container, session.id, payment),
    )
    return {
      outcome: "succeeded",
      payment_session_id: session.id,
      detail: { vault_status: payment.status, ...settled },
    }
  } catch (error) {
    // Vault does not know the invoice or payment: not ours (or forged ids under "none" signing).
    if (isLenderError(error) && error.httpStatus === 404) return refused(error.message.replace(/^Vault webhook: /, ""))
    throw error
  }
}
