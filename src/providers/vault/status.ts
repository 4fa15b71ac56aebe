// Vault payment status → Medusa, in one table, tested exhaustively. A confirmed Vault payment is
// settled money (there is no separate capture), so SUCCESS maps to captured; pending states wait.
import { PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import type { VaultPaymentStatus, VaultPaymentType } from "../../lenders/vault/types"

/** The statuses Vault documents (seed 004). */
export type KnownVaultStatus = "CREATED" | "PENDING" | "SUCCESS" | "FAILED" | "CANCELLED" | "EXPIRED"

export const VAULT_STATUS_MAP: Readonly<Record<KnownVaultStatus, PaymentSessionStatus>> = {
  // CHECKOUT waits for the shopper on the hosted page (requires_more); the other types wait for
  // Vault or a third party (pending): see sessionStatusOf.
  CREATED: PaymentSessionStatus.REQUIRES_MORE,
  PENDING: PaymentSessionStatus.REQUIRES_MORE,
  SUCCESS: PaymentSessionStatus.CAPTURED,
  FAILED: PaymentSessionStatus.ERROR,
  CANCELLED: PaymentSessionStatus.CANCELED,
  EXPIRED: PaymentSessionStatus.CANCELED,
}

export const VAULT_WEBHOOK_ACTIONS: Readonly<Record<KnownVaultStatus, PaymentActions>> = {
  CREATED: PaymentActions.PENDING,
  PENDING: PaymentActions.PENDING,
  SUCCESS: PaymentActions.SUCCESSFUL,
  FAILED: PaymentActions.FAILED,
  CANCELLED: PaymentActions.CANCELED,
  EXPIRED: PaymentActions.CANCELED,
}

const isKnown = (status: VaultPaymentStatus): status is KnownVaultStatus =>
  Object.prototype.hasOwnProperty.call(VAULT_STATUS_MAP, status)

export function sessionStatusOf(status: VaultPaymentStatus, type: VaultPaymentType): PaymentSessionStatus {
  if (!isKnown(status)) return PaymentSessionStatus.PENDING
  const session = VAULT_STATUS_MAP[status]
  return session === PaymentSessionStatus.REQUIRES_MORE && type !== "CHECKOUT" ? PaymentSessionStatus.PENDING : session
}

export function webhookActionFor(status: VaultPaymentStatus): PaymentActions {
  return isKnown(status) ? VAULT_WEBHOOK_ACTIONS[status] : PaymentActions.NOT_SUPPORTED
}

export const FAILED_VAULT_STATUSES: readonly string[] = ["FAILED", "CANCELLED", "EXPIRED"]
