// Data for Settings → Financing: the lenders' configuration and "Test connection".
import { useMutation, useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type { ConnectionResult, FinancingLenderSummary, LenderSlug } from "../lib/types"

export function useFinancingLenders() {
  return useQuery({
    queryKey: ["financing", "lenders"],
    queryFn: () => sdk.client.fetch<{ lenders: FinancingLenderSummary[] }>("/admin/financing/lenders"),
  })
}

export function useTestConnection(slug: LenderSlug) {
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<ConnectionResult>(`/admin/financing/lenders/${slug}/test-connection`, {
        method: "POST",
        body: {},
      }),
  })
}
