import { model } from "@medusajs/framework/utils"

/** One save in Settings → Financing: who, when, and each field's old and new value (no secrets are kept here). */
export const FinancingSettingChange = model.define("financing_setting_change", {
  id: model.id({ prefix: "finchg" }).primaryKey(),
  lender: model.text().index(),
  // The admin user's id (null when a script or test saved).
  actor_id: model.text().nullable(),
  // { field: { from, to } } for each field that changed.
  changes: model.json(),
})
