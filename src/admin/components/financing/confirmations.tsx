import { Text } from "@medusajs/ui"
import { formatDateTime, words } from "../../lib/format"
import type { FinancingConfirmation, FinancingSummary } from "../../lib/types"
import { Section } from "./section"
import { OutcomeBadge } from "./status-badge"

const ConfirmationLine = ({ confirmation }: { confirmation: FinancingConfirmation }) => (
  <div
    className="flex items-center justify-between gap-x-2"
    data-testid={`financing-confirmation-${confirmation.kind}`}
    data-outcome={confirmation.outcome}
  >
    <div className="flex flex-col">
      <Text size="small" leading="compact">
        {words(confirmation.kind)}
      </Text>
      <Text size="xsmall" className="text-ui-fg-muted">
        {formatDateTime(confirmation.at)}
        {confirmation.error_message ? ` · ${confirmation.error_message}` : ""}
      </Text>
    </div>
    <OutcomeBadge outcome={confirmation.outcome} />
  </div>
)

/** What the lender was told about each fulfillment (shipment, receipt, invoice, settlement). */
export const FulfillmentConfirmations = ({ summary }: { summary: FinancingSummary }) => {
  if (!summary.fulfillments.length && !summary.order_confirmations.length) return null
  return (
    <Section title="Lender confirmations">
      {summary.fulfillments.map((fulfillment) => (
        <div
          key={fulfillment.fulfillment_id}
          className="flex flex-col gap-y-1"
          data-testid={`financing-fulfillment-${fulfillment.fulfillment_id}`}
        >
          <Text size="xsmall" className="text-ui-fg-subtle">
            Fulfillment {fulfillment.fulfillment_id}
          </Text>
          {fulfillment.confirmations.length === 0 && (
            <Text size="small" className="text-ui-fg-muted">
              Nothing sent to the lender yet
            </Text>
          )}
          {fulfillment.confirmations.map((c) => (
            <ConfirmationLine key={c.kind} confirmation={c} />
          ))}
        </div>
      ))}
      {summary.order_confirmations.length > 0 && (
        <div className="flex flex-col gap-y-1" data-testid="financing-order-confirmations">
          <Text size="xsmall" className="text-ui-fg-subtle">
            Whole order
          </Text>
          {summary.order_confirmations.map((c) => (
            <ConfirmationLine key={c.kind} confirmation={c} />
          ))}
        </div>
      )}
    </Section>
  )
}
