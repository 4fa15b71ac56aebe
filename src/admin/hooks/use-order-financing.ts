// Data for the order widget: the summary (GET /admin/financing/orders/:id) and the actions, each a
// mutation that refreshes the summary from its answer.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"
import type { FinancingSummary } from "../lib/types"

export const orderFinancingKey = (orderId: string) => ["financing", "order", orderId]

export interface SyncAnswer {
  sync: { lender: string; status: string; changed: boolean; lender_status: string | null }
  financing: FinancingSummary | null
}
export interface RetryAnswer {
  retry: { operation_id: string; operation: string; outcome: "succeeded" | "failed"; error?: string }
  financing: FinancingSummary | null
}
export interface ReceiptAnswer {
  receipts: Array<{ fulfillment_id: string; outcome: "succeeded" | "failed"; error?: string }>
  financing: FinancingSummary | null
}
export interface InvoiceAnswer {
  invoice: { uploaded: boolean; upload_status?: string; attempts?: number; operation_id?: string }
}

export function useOrderFinancing(orderId: string) {
  return useQuery({
    queryKey: orderFinancingKey(orderId),
    queryFn: () => sdk.client.fetch<{ financing: FinancingSummary | null }>(`/admin/financing/orders/${orderId}`),
  })
}

export function useFinancingActions(orderId: string) {
  const client = useQueryClient()
  const refresh = (financing?: FinancingSummary | null) => {
    if (financing !== undefined) client.setQueryData(orderFinancingKey(orderId), { financing })
    return client.invalidateQueries({ queryKey: orderFinancingKey(orderId) })
  }
  const post = <T>(path: string, body: Record<string, unknown> = {}) =>
    sdk.client.fetch<T>(path, { method: "POST", body })

  return {
    sync: useMutation({
      mutationFn: () => post<SyncAnswer>(`/admin/financing/orders/${orderId}/sync`),
      onSuccess: (answer) => refresh(answer.financing),
    }),
    retry: useMutation({
      mutationFn: (operationId: string) =>
        post<RetryAnswer>(`/admin/financing/orders/${orderId}/operations/${operationId}/retry`),
      onSuccess: (answer) => refresh(answer.financing),
      onError: () => refresh(),
    }),
    uploadInvoice: useMutation({
      mutationFn: () => post<InvoiceAnswer>(`/admin/financing/payment-assist/orders/${orderId}/invoice`),
      onSettled: () => refresh(),
    }),
    confirmReceipt: useMutation({
      mutationFn: () => post<ReceiptAnswer>(`/admin/financing/flexshopper/orders/${orderId}/confirm-receipt`),
      onSuccess: (answer) => refresh(answer.financing),
      onError: () => refresh(),
    }),
  }
}
