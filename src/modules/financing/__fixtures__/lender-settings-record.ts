import type { LenderSettingsRecord } from "../types"

/** A settings row as the module returns it: nothing saved but `fields`. */
export const settingsRecord = (lender: string, fields: Partial<LenderSettingsRecord> = {}): LenderSettingsRecord => ({
  lender,
  enabled: true,
  display_name: null,
  description: null,
  limits: null,
  countries: null,
  currencies: null,
  position: null,
  capture_on: null,
  messaging: null,
  promotion_text: null,
  representative_apr: null,
  plans: null,
  mode: null,
  credential_names: null,
  updated_at: null,
  ...fields,
})
