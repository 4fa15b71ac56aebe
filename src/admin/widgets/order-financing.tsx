// Order page, side column: how the order's consumer finance stands with its lender — status,
// references, amounts, per-fulfillment confirmations, the operation history — and the actions an
// admin can take (sync, retry, upload invoice, confirm receipt), each confirmed first and
// reported with a toast. Orders paid otherwise render nothing.
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Button, Container, Heading, Skeleton, Text, toast, usePrompt } from "@medusajs/ui"
import { FinancingAmounts } from "../components/financing/amounts"
import { FulfillmentConfirmations } from "../components/financing/confirmations"
import { FinancingHistory } from "../components/financing/history"
import { LenderReferences } from "../components/financing/references"
import { FinancingStatusBadge } from "../components/financing/status-badge"
import { useFinancingActions, useOrderFinancing } from "../hooks/use-order-financing"
import { errorMessage, words } from "../lib/format"
import type { FinancingHistoryRow } from "../lib/types"

const OrderFinancingWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, isLoading, isError, error, refetch } = useOrderFinancing(order.id)
  const actions = useFinancingActions(order.id)
  const prompt = usePrompt()

  const confirm = (title: string, description: string, confirmText: string) =>
    prompt({ title, description, confirmText, cancelText: "Cancel" })

  if (isLoading) {
    return (
      <Container className="p-0" data-testid="financing-order-widget-loading">
        <div className="flex flex-col gap-y-2 px-6 py-4">
          <Skeleton className="h-5 w-32" />
          <Skeleton className="h-4 w-full" />
        </div>
      </Container>
    )
  }
  if (isError) {
    return (
      <Container className="flex flex-col gap-y-2 px-6 py-4" data-testid="financing-order-widget-error">
        <Text size="small" className="text-ui-fg-error">
          Could not load the order's financing: {errorMessage(error)}
        </Text>
        <div>
          <Button size="small" variant="secondary" onClick={() => refetch()}>
            Try again
          </Button>
        </div>
      </Container>
    )
  }
  const summary = data?.financing
  if (!summary) return null

  const sync = async () => {
    if (
      !(await confirm(
        "Sync with the lender?",
        `Reads the order's status from ${summary.lender_name} now and applies any change in Medusa.`,
        "Sync",
      ))
    )
      return
    try {
      const { sync: result } = await actions.sync.mutateAsync()
      const status = result.lender_status ? ` (${summary.lender_name}: ${result.lender_status})` : ""
      toast.success(result.changed ? `Updated: ${words(result.status)}${status}` : `Already up to date${status}`)
    } catch (e) {
      toast.error(`Sync failed: ${errorMessage(e)}`)
    }
  }

  const retry = async (row: FinancingHistoryRow) => {
    if (
      !(await confirm(
        `Retry ${words(row.operation).toLowerCase()}?`,
        `Repeats the failed ${row.operation} with ${summary.lender_name}. Work the lender already did is not repeated.`,
        "Retry",
      ))
    )
      return
    try {
      const { retry: result } = await actions.retry.mutateAsync(row.id)
      if (result.outcome === "succeeded") toast.success(`${words(result.operation)} succeeded`)
      else toast.error(`${words(result.operation)} failed again: ${result.error ?? "see the history"}`)
    } catch (e) {
      toast.error(`Retry refused: ${errorMessage(e)}`)
    }
  }

  const uploadInvoice = async () => {
    if (
      !(await confirm(
        "Upload the invoice to Payment Assist?",
        "Renders the order's invoice and uploads it now, replacing any invoice uploaded before.",
        "Upload",
      ))
    )
      return
    try {
      const { invoice } = await actions.uploadInvoice.mutateAsync()
      toast.success(`Invoice uploaded (${invoice.upload_status ?? "success"})`)
    } catch (e) {
      toast.error(`Invoice not uploaded: ${errorMessage(e)}`)
    }
  }

  const confirmReceipt = async () => {
    const count = summary.actions.confirm_receipt.length
    if (
      !(await confirm(
        "Confirm receipt to FlexShopper?",
        `Tells FlexShopper the customer received ${count === 1 ? "the shipment" : `${count} shipments`}. FlexShopper pays out on receipt.`,
        "Confirm receipt",
      ))
    )
      return
    try {
      const { receipts } = await actions.confirmReceipt.mutateAsync()
      const failed = receipts.filter((r) => r.outcome === "failed")
      if (failed.length) toast.error(`Receipt not confirmed: ${failed.map((r) => r.error).join("; ")}`)
      else toast.success(`Receipt confirmed for ${receipts.length} fulfillment${receipts.length === 1 ? "" : "s"}`)
    } catch (e) {
      toast.error(`Receipt not confirmed: ${errorMessage(e)}`)
    }
  }

  return (
    <Container className="divide-y p-0" data-testid="financing-order-widget" data-lender={summary.lender}>
      <div className="flex items-center justify-between gap-x-2 px-6 py-4">
        <div className="flex flex-col">
          <Heading level="h2">Financing</Heading>
          <Text size="small" className="text-ui-fg-subtle" data-testid="financing-lender">
            {summary.lender_name}
          </Text>
        </div>
        <FinancingStatusBadge value={summary.status.value} label={summary.status.label} />
      </div>
      {summary.status.lender_status && (
        <div className="px-6 py-2">
          <Text size="xsmall" className="text-ui-fg-muted" data-testid="financing-lender-status">
            {summary.lender_name} status: {summary.status.lender_status}
          </Text>
        </div>
      )}
      <LenderReferences summary={summary} />
      <FinancingAmounts amounts={summary.amounts} />
      <FulfillmentConfirmations summary={summary} />
      <div className="flex flex-wrap gap-2 px-6 py-4">
        {summary.actions.sync && (
          <Button
            size="small"
            variant="secondary"
            data-testid="financing-action-sync"
            isLoading={actions.sync.isPending}
            onClick={sync}
          >
            Sync status
          </Button>
        )}
        {summary.actions.upload_invoice && (
          <Button
            size="small"
            variant="secondary"
            data-testid="financing-action-upload-invoice"
            isLoading={actions.uploadInvoice.isPending}
            onClick={uploadInvoice}
          >
            Upload invoice
          </Button>
        )}
        {summary.actions.confirm_receipt.length > 0 && (
          <Button
            size="small"
            variant="secondary"
            data-testid="financing-action-confirm-receipt"
            isLoading={actions.confirmReceipt.isPending}
            onClick={confirmReceipt}
          >
            Confirm receipt
          </Button>
        )}
      </div>
      <FinancingHistory
        rows={summary.history}
        onRetry={retry}
        retrying={actions.retry.isPending ? actions.retry.variables : undefined}
      />
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
  id: "medusa-plugin-financing:order-financing",
})

export default OrderFinancingWidget
