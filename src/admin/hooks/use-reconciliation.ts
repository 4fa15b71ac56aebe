// Data for Settings → Financing → Reconciliation: one lender over one period.
import { useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type { LenderSlug, Reconciliation } from "../lib/types"

export interface ReconciliationRequest {
  lender: LenderSlug
  /** YYYY-MM-DD, both days included. */
  from: string
  to: string
}

export const reconciliationPath = ({ lender, from, to }: ReconciliationRequest, format?: "csv") =>
  `/admin/financing/lenders/${lender}/reconciliation?${new URLSearchParams({ from, to, ...(format ? { format } : {}) })}`

export function useReconciliation(request: ReconciliationRequest | null) {
  return useQuery({
    queryKey: ["financing", "reconciliation", request],
    queryFn: () => sdk.client.fetch<{ reconciliation: Reconciliation }>(reconciliationPath(request!)),
    enabled: request !== null,
    retry: false,
  })
}
