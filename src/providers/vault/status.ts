// Vault payment status → Medusa, in one table. A confirmed Vault payment is settled money (there
// is no separate capture), so SUCCESS maps to captured; pending states wait.
import { PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import type { VaultPaymentStatus, VaultPaymentType } from "../../lenders/vault/types"

export function sessionStatusFor(status: VaultPaymentStatus, type: VaultPaymentType): PaymentSessionStatus {
  switch (status) {
    case "SUCCESS":
      return PaymentSessionStatus.CAPTURED
    case "FAILED":
      return PaymentSessionStatus.ERROR
    case "CANCELLED":
    case "EXPIRED":
      return PaymentSessionStatus.CANCELED
    case "CREATED":
    case "PENDING":
      // CHECKOUT waits for the shopper on the hosted page; the others for Vault or a third party.
      return type === "CHECKOUT" ? PaymentSessionStatus.REQUIRES_MORE : PaymentSessionStatus.PENDING
    default:
      return PaymentSessionStatus.PENDING
  }
}

export function webhookActionFor(status: VaultPaymentStatus): PaymentActions {
  switch (status) {
    case "SUCCESS":
      return PaymentActions.SUCCESSFUL
    case "FAILED":
      return PaymentActions.FAILED
    case "CANCELLED":
    case "EXPIRED":
      return PaymentActions.CANCELED
    case "CREATED":
    case "PENDING":
      return PaymentActions.PENDING
    default:
      return PaymentActions.NOT_SUPPORTED
  }
}

export const FAILED_VAULT_STATUSES: readonly string[] = ["FAILED", "CANCELLED", "EXPIRED"]
