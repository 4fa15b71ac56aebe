import { model } from "@medusajs/framework/utils"

/**
 * Private per-session lender state that must never appear in payment-session `data` (which the
 * storefront can read): customer tokens, SSO/SCA tokens. Only ciphertext is stored.
 *
 * Scope, and why two partial unique indexes instead of one on all four columns:
 * - A secret belongs to a payment session when `payment_session_id` is set (the usual case);
 *   `cart_id` may be stored beside it for context.
 * - Before a session exists (pre-approval, KBA) a secret belongs to the cart:
 *   `payment_session_id` is NULL and `cart_id` is set.
 * PostgreSQL treats NULLs as distinct, so a unique index on (lender, purpose,
 * payment_session_id, cart_id) would let a cart-scoped secret be stored twice. Each scope
 * therefore gets its own unique index, and a check rejects rows bound to neither.
 */
export const FinancingSessionSecret = model
  .define("financing_session_secret", {
    id: model.id({ prefix: "finsec" }).primaryKey(),
    payment_session_id: model.text().nullable(),
    cart_id: model.text().nullable(),
    lender: model.text(),
    // e.g. "customer-token", "sca-token"
    purpose: model.text(),
    ciphertext: model.text(),
    // Fingerprint of the key that sealed `ciphertext`, to pick the right key after rotation.
    key_id: model.text(),
    expires_at: model.dateTime().nullable(),
  })
  .indexes([
    {
      name: "IDX_financing_session_secret_session_scope_unique",
      on: ["lender", "purpose", "payment_session_id"],
      unique: true,
      where: "payment_session_id IS NOT NULL",
    },
    {
      name: "IDX_financing_session_secret_cart_scope_unique",
      on: ["lender", "purpose", "cart_id"],
      unique: true,
      where: "payment_session_id IS NULL AND cart_id IS NOT NULL",
    },
    // deleteSecrets() by session or by cart alone, whatever the lender/purpose.
    { on: ["payment_session_id"], where: "payment_session_id IS NOT NULL" },
    { on: ["cart_id"], where: "cart_id IS NOT NULL" },
  ])
  .checks([
    {
      name: "financing_session_secret_scope_check",
      expression: (columns) => `${columns.payment_session_id} IS NOT NULL OR ${columns.cart_id} IS NOT NULL`,
    },
  ])
