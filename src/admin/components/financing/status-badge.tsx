import { StatusBadge } from "@medusajs/ui"
import type { FinancingStatusValue, OperationOutcome } from "../../lib/types"

type Color = "green" | "red" | "blue" | "orange" | "grey" | "purple"

const STATUS_COLOR: Record<FinancingStatusValue, Color> = {
  pending: "grey",
  authorized: "blue",
  partially_captured: "purple",
  captured: "green",
  partially_refunded: "orange",
  refunded: "orange",
  canceled: "grey",
  action_required: "red",
}

export const FinancingStatusBadge = ({ value, label }: { value: FinancingStatusValue; label: string }) => (
  <StatusBadge color={STATUS_COLOR[value] ?? "grey"} data-testid="financing-status">
    {label}
  </StatusBadge>
)

const OUTCOME_COLOR: Record<OperationOutcome, Color> = {
  succeeded: "green",
  failed: "red",
  pending: "orange",
  action_required: "red",
}
const OUTCOME_LABEL: Record<OperationOutcome, string> = {
  succeeded: "Succeeded",
  failed: "Failed",
  pending: "Pending",
  action_required: "Action required",
}

export const OutcomeBadge = ({ outcome }: { outcome: OperationOutcome }) => (
  <StatusBadge color={OUTCOME_COLOR[outcome] ?? "grey"}>{OUTCOME_LABEL[outcome] ?? outcome}</StatusBadge>
)
