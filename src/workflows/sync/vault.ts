// Vault: fetch the payment back from Vault (the same read its webhook route trusts) and, when Vault
// says SUCCESS for a payment Medusa has not captured, settle it through the webhook's workflow.
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { lenderOptions } from "../../provider-kit/provider-options"
import { vaultClientFor } from "../../providers/vault/client-factory"
import type { VaultProviderOptions } from "../../providers/vault/options"
import { vaultLender } from "../../providers/vault/lender"
import { vaultRefsOf } from "../../providers/vault/session-data"
import { checkVaultPayment } from "../../providers/vault/verify"
import { settleVaultPayment } from "../vault/settle-payment"
import type { LenderSync } from "./types"

export const syncVault: LenderSync = async ({ container, data, order, payment, session }) => {
  const options = await lenderOptions<VaultProviderOptions>(container, vaultLender)
  const refs = vaultRefsOf(data)
  if (!refs)
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Vault: the payment of order ${order.id} has no Vault payment to sync.`,
    )
  const client = vaultClientFor(options, container.resolve(ContainerRegistrationKeys.LOGGER))
  const fetched = await client.getPayment({ paymentId: refs.payment_id, invoiceId: refs.invoice_id, type: refs.type })
  const previous = typeof data.vault_status === "string" ? data.vault_status : null
  const now = fetched.status || previous

  let acted = false
  let detail: Record<string, unknown> | undefined
  const uncaptured = !(payment.captures ?? []).some(Boolean)
  if (now === "SUCCESS" && uncaptured && session) {
    const check = checkVaultPayment(fetched, {
      invoiceId: refs.invoice_id,
      amount: payment.amount,
      currency: refs.currency,
    })
    if (!check.ok)
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Vault: payment ${refs.payment_id} does not match the order (${check.reason}).`,
      )
    const settled = await settleVaultPayment(container, session.id, fetched)
    acted = settled.outcome === "completed" && !settled.already
    detail = { settle: settled.outcome }
  }
  return {
    lender_status: now,
    previous_status: previous,
    acted,
    data: now !== previous ? { ...data, vault_status: now } : undefined,
    detail,
  }
}
