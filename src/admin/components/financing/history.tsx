import { Button, Text, clx } from "@medusajs/ui"
import { formatDateTime, words } from "../../lib/format"
import type { FinancingHistoryRow } from "../../lib/types"
import { Section } from "./section"
import { OutcomeBadge } from "./status-badge"

interface HistoryProps {
  rows: FinancingHistoryRow[]
  onRetry: (row: FinancingHistoryRow) => void
  retrying?: string
}

/** The financing log, newest first; rows waiting for a person are highlighted. */
export const FinancingHistory = ({ rows, onRetry, retrying }: HistoryProps) => (
  <Section title="History">
    <ol className="flex flex-col gap-y-2" data-testid="financing-history">
      {rows.length === 0 && (
        <li>
          <Text size="small" className="text-ui-fg-muted">
            No lender operations recorded.
          </Text>
        </li>
      )}
      {rows.map((row) => (
        <li
          key={row.id}
          data-testid="financing-operation"
          data-outcome={row.outcome === "action_required" ? "failed" : row.outcome}
          data-operation-id={row.id}
          data-action-required={row.action_required ? "true" : "false"}
          className={clx(
            "flex flex-col gap-y-1 rounded-md px-2 py-1.5",
            row.action_required ? "bg-ui-tag-red-bg" : "bg-ui-bg-subtle",
          )}
        >
          <div className="flex items-center justify-between gap-x-2">
            <Text size="small" leading="compact" weight="plus">
              {words(row.operation)}
            </Text>
            <OutcomeBadge outcome={row.outcome} />
          </div>
          <Text size="xsmall" className="text-ui-fg-muted">
            {formatDateTime(row.created_at)}
            {row.attempts > 1 ? ` · ${row.attempts} attempts` : ""}
            {row.http_status && row.outcome !== "succeeded" ? ` · HTTP ${row.http_status}` : ""}
            {row.next_attempt_at ? ` · next attempt ${formatDateTime(row.next_attempt_at)}` : ""}
          </Text>
          {row.error_message && (
            <Text size="xsmall" className="text-ui-fg-error break-words">
              {row.error_message}
            </Text>
          )}
          {row.retryable && (
            <div>
              <Button
                size="small"
                variant="secondary"
                data-testid="financing-action-retry"
                isLoading={retrying === row.id}
                onClick={() => onRetry(row)}
              >
                Retry
              </Button>
            </div>
          )}
        </li>
      ))}
    </ol>
  </Section>
)
