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

/** The plans a lender's account offers (Payment Assist), read only for lenders whose plans the owner chooses. */
export function useLenderPlanChoices(slug: LenderSlug, enabled: boolean) {
  return useQuery({
    queryKey: ["financing", "lenders", slug, "plan-choices"],
    enabled,
    queryFn: async () =>
      (
        await sdk.client.fetch<{
          plan_choices: { plans: Array<{ id: number; name: string; apr: string }>; error: string | null } | null
        }>(`/admin/financing/lenders/${slug}/settings`)
      ).plan_choices,
  })
}

/** Replaces or removes options of one of the owner's credential sets; values are never read back. */
export function useSaveLenderCredentials(slug: LenderSlug) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { set: "sandbox" | "live"; values: Record<string, string | null> }) =>
      sdk.client.fetch<{ settings: unknown }>(`/admin/financing/lenders/${slug}/credentials`, { method: "POST", body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["financing", "lenders"] }),
  })
}
