// Vault's workflow-level handlers (gathered in src/workflows/lenders.ts). Nothing of Vault's is
// re-run from the log: a payment is settled by its notification, its return or the reconcile job.
import type { LenderOperations } from "../lenders"
import { vaultReconciler } from "../reconcile/vault"
import { syncVault } from "../sync/vault"

export const vaultOperations: LenderOperations = {
  lender: "vault",
  reconciler: vaultReconciler,
  sync: syncVault,
  redo: {},
}
