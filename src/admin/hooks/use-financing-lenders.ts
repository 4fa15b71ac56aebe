// Data for Settings → Financing: the lenders' configuration and "Test connection".
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
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

/** Saves the owner's settings for one lender; the lenders list is read again so every card shows the result. */
export function useSaveLenderSettings(slug: LenderSlug) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      sdk.client.fetch<{ settings: unknown }>(`/admin/financing/lenders/${slug}/settings`, { method: "POST", body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["financing", "lenders"] }),
  })
}
