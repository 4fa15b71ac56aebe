// Settings → Financing → Reconciliation: per lender and period, what Medusa captured and refunded
// against what the lender confirmed, mismatches first, with a CSV export. The lender and period
// live in the address (?lender=&from=&to=), so a view can be bookmarked or shared.
import { Button, Container, Heading, Input, Label, StatusBadge, Table, Text } from "@medusajs/ui"
import { useState, type FormEvent } from "react"
import { reconciliationPath, useReconciliation, type ReconciliationRequest } from "../../../../hooks/use-reconciliation"
import { useFinancingLenders } from "../../../../hooks/use-financing-lenders"
import { errorMessage, formatDateTime, formatMoney } from "../../../../lib/format"
import type { LenderSlug, ReconciliationRow, ReconciliationStatus } from "../../../../lib/types"

const DAY_MS = 86_400_000
const dayText = (time: number) => new Date(time).toISOString().slice(0, 10)

const STATUS: Record<ReconciliationStatus, { label: string; color: "red" | "orange" | "green" }> = {
  mismatch: { label: "Mismatch", color: "red" },
  awaiting: { label: "Awaiting lender", color: "orange" },
  matched: { label: "Matched", color: "green" },
}

/** The request in the address, or the first lender over the last 30 days. */
function initialRequest(): Omit<ReconciliationRequest, "lender"> & { lender: LenderSlug | "" } {
  const query = new URLSearchParams(window.location.search)
  const to = query.get("to") ?? dayText(Date.now())
  return {
    lender: (query.get("lender") as LenderSlug | null) ?? "",
    from: query.get("from") ?? dayText(new Date(`${to}T00:00:00Z`).getTime() - 29 * DAY_MS),
    to,
  }
}

const backendUrl = () => (import.meta.env.VITE_BACKEND_URL || "").replace(/\/$/, "")

/** One end of the period: a date input (YYYY-MM-DD), labelled. */
const DayField = ({
  side,
  label,
  value,
  onChange,
}: {
  side: "from" | "to"
  label: string
  value: string
  onChange: (value: string) => void
}) => (
  <div className="flex flex-col gap-y-1">
    <Label htmlFor={`reconciliation-${side}`}>{label}</Label>
    <Input
      id={`reconciliation-${side}`}
      data-testid={`reconciliation-${side}`}
      type="date"
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  </div>
)

const Row = ({ row }: { row: ReconciliationRow }) => {
  const money = (amount: string) => formatMoney(amount, row.currency_code)
  const status = STATUS[row.status]
  return (
    <Table.Row data-testid={`reconciliation-row-${row.payment_id}`} data-status={row.status}>
      <Table.Cell>
        <StatusBadge color={status.color}>{status.label}</StatusBadge>
      </Table.Cell>
      <Table.Cell>
        {row.order_id ? (
          <a className="text-ui-fg-interactive" href={`../../../orders/${row.order_id}`}>
            {row.order_id}
          </a>
        ) : (
          <code className="txt-compact-xsmall">{row.payment_id}</code>
        )}
        <Text size="xsmall" className="text-ui-fg-subtle">
          {formatDateTime(row.created_at)}
        </Text>
      </Table.Cell>
      <Table.Cell>{money(row.authorized)}</Table.Cell>
      <Table.Cell>
        {money(row.medusa_captured)} / {money(row.lender_captured)}
      </Table.Cell>
      <Table.Cell>
        {money(row.medusa_refunded)} / {money(row.lender_refunded)}
      </Table.Cell>
      <Table.Cell className="whitespace-normal">
        {row.problems.map((problem) => (
          <Text key={problem} size="small">
            {problem}
          </Text>
        ))}
      </Table.Cell>
    </Table.Row>
  )
}

const ReconciliationPage = () => {
  const lenders = useFinancingLenders()
  const [initial] = useState(initialRequest)
  const [form, setForm] = useState(initial)
  const lender = form.lender || lenders.data?.lenders[0]?.slug || ""
  // Until "Show" is pressed: the period the page opened with, for the chosen (or first) lender.
  const [asked, setAsked] = useState<ReconciliationRequest | null>(null)
  const request = asked ?? (lender ? { from: initial.from, to: initial.to, lender } : null)
  const { data, isFetching, isError, error } = useReconciliation(request)
  const result = data?.reconciliation

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!lender) return
    const next = { lender, from: form.from, to: form.to }
    setAsked(next)
    window.history.replaceState(null, "", `?${new URLSearchParams(next)}`)
  }

  return (
    <div className="flex flex-col gap-y-3" data-testid="medusa-plugin-financing:reconciliation">
      <Container className="px-6 py-4">
        <Heading level="h1">Financing reconciliation</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          For each payment taken through a lender in the period: what Medusa recorded as captured and refunded, and what
          the lender confirmed (from the financing log). Mismatches come first.
        </Text>
      </Container>
      <Container className="px-6 py-4">
        <form className="flex flex-wrap items-end gap-4" onSubmit={submit}>
          <div className="flex flex-col gap-y-1">
            <Label htmlFor="reconciliation-lender">Lender</Label>
            <select
              id="reconciliation-lender"
              data-testid="reconciliation-lender"
              className="bg-ui-bg-field txt-compact-small h-8 rounded-md border px-2"
              value={lender}
              onChange={(e) => setForm({ ...form, lender: e.target.value as LenderSlug })}
            >
              {lenders.data?.lenders.map((l) => (
                <option key={l.slug} value={l.slug}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
          <DayField side="from" label="From" value={form.from} onChange={(from) => setForm({ ...form, from })} />
          <DayField side="to" label="To" value={form.to} onChange={(to) => setForm({ ...form, to })} />
          <Button
            type="submit"
            size="small"
            variant="secondary"
            isLoading={isFetching}
            data-testid="reconciliation-show"
          >
            Show
          </Button>
          {request && result && (
            <a
              className="txt-compact-small-plus text-ui-fg-interactive"
              data-testid="reconciliation-csv"
              href={`${backendUrl()}${reconciliationPath(request, "csv")}`}
              download
            >
              Download CSV
            </a>
          )}
        </form>
      </Container>
      {isError && (
        <Container className="px-6 py-4">
          <Text className="text-ui-fg-error" data-testid="reconciliation-error">
            {errorMessage(error)}
          </Text>
        </Container>
      )}
      {result && (
        <Container className="p-0" data-testid="reconciliation-result">
          <div className="flex flex-wrap gap-x-4 px-6 py-4" data-testid="reconciliation-counts">
            <Text size="small">
              {result.lender_name}, {result.from} to {result.to}: {result.counts.mismatch} mismatch
              {result.counts.mismatch === 1 ? "" : "es"}, {result.counts.awaiting} awaiting, {result.counts.matched}{" "}
              matched
            </Text>
            {result.truncated && (
              <Text size="small" className="text-ui-fg-error">
                Only the newest payments are shown: choose a shorter period to see them all.
              </Text>
            )}
          </div>
          {result.rows.length === 0 ? (
            <Text size="small" className="text-ui-fg-subtle px-6 pb-4" data-testid="reconciliation-empty">
              No payment through {result.lender_name} in this period.
            </Text>
          ) : (
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>Status</Table.HeaderCell>
                  <Table.HeaderCell>Order</Table.HeaderCell>
                  <Table.HeaderCell>Authorized</Table.HeaderCell>
                  <Table.HeaderCell>Captured (Medusa / lender)</Table.HeaderCell>
                  <Table.HeaderCell>Refunded (Medusa / lender)</Table.HeaderCell>
                  <Table.HeaderCell>What differs</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {result.rows.map((row) => (
                  <Row key={row.payment_id} row={row} />
                ))}
              </Table.Body>
            </Table>
          )}
        </Container>
      )}
    </div>
  )
}

export default ReconciliationPage
