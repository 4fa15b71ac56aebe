import { formatMoney } from "../../lib/format"
import type { FinancingSummary } from "../../lib/types"
import { Row, Section } from "./section"

export const FinancingAmounts = ({ amounts }: { amounts: FinancingSummary["amounts"] }) => (
  <Section title="Amounts">
    <Row label="Authorized" testId="financing-amount-authorized">
      {formatMoney(amounts.authorized, amounts.currency_code)}
    </Row>
    <Row label="Captured" testId="financing-amount-captured">
      {formatMoney(amounts.captured, amounts.currency_code)}
    </Row>
    <Row label="Refunded" testId="financing-amount-refunded">
      {formatMoney(amounts.refunded, amounts.currency_code)}
    </Row>
  </Section>
)
