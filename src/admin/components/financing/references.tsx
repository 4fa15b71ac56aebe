import { Text } from "@medusajs/ui"
import { formatMoney } from "../../lib/format"
import type { FinancingSummary } from "../../lib/types"
import { Row, Section } from "./section"

const LABELS: Record<string, string> = {
  token: "Application token",
  pa_ref: "Agreement (pa_ref)",
  application_status: "Application status",
  transaction_id: "Transaction",
  lease_number: "Lease number",
  loan_number: "Loan number",
  lease_status: "Lease status",
  authorisation_id: "Authorisation",
  remaining_float: "Remaining float",
  payment_id: "Vault payment",
  type: "Payment type",
  invoice_id: "Vault invoice",
  vault_status: "Vault status",
}

interface Settlement {
  transaction_id: string | null
  amount: string | null
  refunded: string | null
}

/** The lender's own references for the order, as the lender's dashboard names them. */
export const LenderReferences = ({ summary }: { summary: FinancingSummary }) => {
  const currency = summary.amounts.currency_code
  const entries = Object.entries(summary.references).filter(([key]) => key !== "settlements")
  const settlements = (summary.references.settlements as Settlement[] | undefined) ?? []
  return (
    <Section title="Lender references" testId="financing-references">
      {entries.map(([key, value]) => (
        <Row key={key} label={LABELS[key] ?? key} testId={`financing-reference-${key}`}>
          {typeof value === "string" && value
            ? key === "remaining_float"
              ? formatMoney(value, currency)
              : value
            : "—"}
        </Row>
      ))}
      {summary.lender === "newday" && (
        <div className="flex flex-col gap-y-1" data-testid="financing-settlements">
          <Text size="small" leading="compact" className="text-ui-fg-subtle">
            Settlements
          </Text>
          {settlements.length === 0 && (
            <Text size="small" className="text-ui-fg-muted">
              None yet
            </Text>
          )}
          {settlements.map((s) => (
            <Row key={s.transaction_id ?? ""} label={s.transaction_id ?? "—"} testId="financing-settlement">
              {s.amount ? formatMoney(s.amount, currency) : "—"}
              {s.refunded && s.refunded !== "0.00" ? ` (refunded ${formatMoney(s.refunded, currency)})` : ""}
            </Row>
          ))}
        </div>
      )}
    </Section>
  )
}
