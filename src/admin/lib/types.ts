// Shapes returned by the plugin's admin routes (src/api/admin/financing). Where the server declares
// the shape, it is imported from there as a type only: type imports are erased when the admin is
// bundled, so no server code reaches the browser.
import type { LenderSlug } from "../../lenders/slugs"
import type { LenderMode, LenderUrls, MissingOption } from "../../workflows/admin/lender-config"
import type { settingsView } from "../../workflows/settings/lender-settings"

export type LenderSettingsView = ReturnType<typeof settingsView>

export type { LenderSlug }
export type { FinancingOperationOutcome as OperationOutcome } from "../../modules/financing/constants"
export type { FinancingStatus as FinancingStatusValue } from "../../workflows/admin/status"
export type {
  ConfirmationKind,
  FinancingConfirmation,
  FinancingHistoryRow,
  FinancingSummary,
} from "../../workflows/admin/summary"
export type { ConnectionResult } from "../../workflows/admin/connection"
export type { Reconciliation } from "../../workflows/admin/reconciliation-load"
export type { ReconciliationRow, ReconciliationStatus } from "../../workflows/admin/reconciliation"

/** GET /admin/financing/lenders, one lender (the route builds it inline). */
export interface FinancingLenderSummary {
  slug: LenderSlug
  name: string
  provider_id: string
  registered: boolean
  enabled: boolean
  configured: boolean
  missing_options: MissingOption[]
  mode: LenderMode | null
  base_url: string | null
  urls: LenderUrls
  regions: Array<{ id: string; name: string; currency_code: string }>
  /** The owner's settings over the lender's defaults (limits in major units as text). */
  settings: LenderSettingsView
}
