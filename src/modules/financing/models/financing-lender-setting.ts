import { model } from "@medusajs/framework/utils"

/**
 * What a store owner changed about one lender in Settings → Financing. A lender without a row
 * (or a null column) keeps the default from its definition and the provider options; every server
 * and worker reads the row per request, so a save needs no restart.
 */
export const FinancingLenderSetting = model.define("financing_lender_setting", {
  id: model.id({ prefix: "finset" }).primaryKey(),
  // The lender's slug (src/lenders/slugs.ts): one row per lender.
  lender: model.text().unique(),
  enabled: model.boolean().default(true),
  // What shoppers read; null keeps the lender's own name and no description.
  display_name: model.text().nullable(),
  description: model.text().nullable(),
  // Order limits per currency, integer minor units: { gbp: { min: 10000, max: 300000 } }.
  limits: model.json().nullable(),
  // ISO codes, lower-case; null keeps the lender's own markets and currencies.
  countries: model.json().nullable(),
  currencies: model.json().nullable(),
  // The owner's order of lenders in offers (lowest first); null keeps the registry's order.
  position: model.number().nullable(),
  // When the lender's money is taken, where it offers a choice (LenderDefinition.captureChoices);
  // null keeps what the provider options say.
  capture_on: model.text().nullable(),
  // Finance promotions on product, cart and payment pages (provider-kit/promotion.ts): off when
  // false; the representative example's wording (null keeps the compliant default); the
  // representative APR for lenders whose quotes carry none (NewDay), as decimal text.
  messaging: model.boolean().nullable(),
  promotion_text: model.text().nullable(),
  representative_apr: model.text().nullable(),
  // Payment Assist plan ids the store offers; null offers every plan on the account.
  plans: model.json().nullable(),
  // Which credentials apply: null keeps the store's configuration (medusa-config / environment);
  // "sandbox" or "live" lays the owner's set of that name over it.
  mode: model.text().nullable(),
  // The owner's credentials, { sandbox?: {option: value}, live?: {…} } as one AES-256-GCM
  // ciphertext bound to the lender (crypto.ts); never returned to a browser. `credential_names`
  // lists which options each set holds, so the admin can show "set" without decrypting.
  credentials: model.text().nullable(),
  credentials_key_id: model.text().nullable(),
  credential_names: model.json().nullable(),
})
