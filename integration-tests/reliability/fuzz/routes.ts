// Every plugin route reachable from outside — store routes, return routes, webhooks — with a
// valid-looking request to mutate, its required fields and which fields carry personal data
// (whose values must never come back in an error).
export interface FuzzRoute {
  name: string
  method: "GET" | "POST" | "DELETE"
  /** Path; ":id" is replaced by a cart id (fuzzed). */
  path: string
  kind: "store" | "return" | "webhook"
  /** Where the fuzzed input goes. */
  input: "body" | "query"
  /** A valid shape with a placeholder cart (replaced by a non-existent one when fuzzing). */
  valid: Record<string, unknown>
  required: string[]
  pii?: string[]
  /** Takes a cart id (in `cart_id` or the path): the ownership checks run on it. */
  cart?: "field" | "path"
}

const FAKE_CART = "cart_01FUZZFUZZFUZZFUZZFUZZFUZZ"

export const FUZZ_ROUTES: FuzzRoute[] = [
  // Payment Assist
  { name: "GET /store/financing/payment-assist/plans", method: "GET", path: "/store/financing/payment-assist/plans", kind: "store", input: "query", valid: { amount: "450" }, required: [] },
  { name: "POST /store/financing/payment-assist/preapproval", method: "POST", path: "/store/financing/payment-assist/preapproval", kind: "store", input: "body", valid: { cart_id: FAKE_CART }, required: ["cart_id"], cart: "field" },
  { name: "POST /store/financing/payment-assist/sessions", method: "POST", path: "/store/financing/payment-assist/sessions", kind: "store", input: "body", valid: { cart_id: FAKE_CART }, required: ["cart_id"], cart: "field" },
  // FlexShopper
  { name: "GET /store/financing/flexshopper/options", method: "GET", path: "/store/financing/flexshopper/options", kind: "store", input: "query", valid: { cart_id: FAKE_CART }, required: ["cart_id"], cart: "field" },
  { name: "GET /store/financing/flexshopper/customer", method: "GET", path: "/store/financing/flexshopper/customer", kind: "store", input: "query", valid: { cart_id: FAKE_CART }, required: ["cart_id"], cart: "field" },
  { name: "GET /store/financing/flexshopper/verification", method: "GET", path: "/store/financing/flexshopper/verification", kind: "store", input: "query", valid: { cart_id: FAKE_CART }, required: ["cart_id"], cart: "field" },
  {
    name: "POST /store/financing/flexshopper/account/lookup",
    method: "POST",
    path: "/store/financing/flexshopper/account/lookup",
    kind: "store",
    input: "body",
    valid: { cart_id: FAKE_CART, mobile_phone: "2125550123", ssn: "123456789" },
    required: ["cart_id", "mobile_phone", "ssn"],
    pii: ["ssn", "mobile_phone"],
    cart: "field",
  },
  {
    name: "POST /store/financing/flexshopper/account",
    method: "POST",
    path: "/store/financing/flexshopper/account",
    kind: "store",
    input: "body",
    valid: { cart_id: FAKE_CART, email: "fuzz@example.com", first_name: "Fuzz", last_name: "Test", password: "correct-horse-battery" },
    required: ["cart_id"],
    pii: ["password"],
    cart: "field",
  },
  {
    name: "POST /store/financing/flexshopper/prequalification",
    method: "POST",
    path: "/store/financing/flexshopper/prequalification",
    kind: "store",
    input: "body",
    valid: {
      cart_id: FAKE_CART,
      ssn: "123456789",
      date_of_birth: "1980-02-03",
      monthly_income: 4000,
      pay_frequency: "monthly",
      bank_account: { routing_number: "021000021", account_number: "9876543210", type: "checking" },
    },
    required: ["cart_id", "ssn", "date_of_birth", "monthly_income", "pay_frequency", "bank_account"],
    pii: ["ssn", "date_of_birth", "bank_account"],
    cart: "field",
  },
  {
    name: "POST /store/financing/flexshopper/verification",
    method: "POST",
    path: "/store/financing/flexshopper/verification",
    kind: "store",
    input: "body",
    valid: { cart_id: FAKE_CART, quiz_id: "quiz_1", answers: [{ question_id: "q1", choice_id: "c1" }] },
    required: ["cart_id", "quiz_id", "answers"],
    cart: "field",
  },
  { name: "POST /store/financing/flexshopper/session", method: "POST", path: "/store/financing/flexshopper/session", kind: "store", input: "body", valid: { cart_id: FAKE_CART }, required: ["cart_id"], cart: "field" },
  { name: "POST /store/financing/flexshopper/auth-code", method: "POST", path: "/store/financing/flexshopper/auth-code", kind: "store", input: "body", valid: { cart_id: FAKE_CART }, required: ["cart_id"], cart: "field" },
  { name: "POST /store/financing/flexshopper/complete", method: "POST", path: "/store/financing/flexshopper/complete", kind: "store", input: "body", valid: { cart_id: FAKE_CART }, required: ["cart_id"], cart: "field" },
  // NewDay
  { name: "GET /store/financing/newday/spend-options", method: "GET", path: "/store/financing/newday/spend-options", kind: "store", input: "query", valid: { amount: "450" }, required: ["amount"] },
  { name: "POST /store/financing/newday/carts/:id/sign-in", method: "POST", path: "/store/financing/newday/carts/:id/sign-in", kind: "store", input: "body", valid: {}, required: [], cart: "path" },
  { name: "GET /store/financing/newday/carts/:id/spend-options", method: "GET", path: "/store/financing/newday/carts/:id/spend-options", kind: "store", input: "query", valid: { promo_only: "true" }, required: [], cart: "path" },
  {
    name: "POST /store/financing/newday/carts/:id/payment-session",
    method: "POST",
    path: "/store/financing/newday/carts/:id/payment-session",
    kind: "store",
    input: "body",
    valid: { spend_option_id: "so_1" },
    // Optional: without it the purchase goes on the shopper's revolving credit (NewDay's default).
    required: [],
    cart: "path",
  },
  // Vault
  { name: "GET /store/financing/vault/payment-types", method: "GET", path: "/store/financing/vault/payment-types", kind: "store", input: "query", valid: {}, required: [] },
  {
    name: "POST /store/financing/vault/platform/sign-in",
    method: "POST",
    path: "/store/financing/vault/platform/sign-in",
    kind: "store",
    input: "body",
    valid: { cart_id: FAKE_CART, phone: "+447700900001", password: "vault-password-1" },
    required: ["cart_id", "phone", "password"],
    pii: ["phone", "password"],
    cart: "field",
  },
  { name: "DELETE /store/financing/vault/platform/sign-in", method: "DELETE", path: "/store/financing/vault/platform/sign-in", kind: "store", input: "query", valid: { cart_id: FAKE_CART }, required: ["cart_id"], cart: "field" },
  { name: "GET /store/financing/vault/platform/accounts", method: "GET", path: "/store/financing/vault/platform/accounts", kind: "store", input: "query", valid: { cart_id: FAKE_CART }, required: ["cart_id"], cart: "field" },
  {
    name: "POST /store/financing/vault/platform/payment-session",
    method: "POST",
    path: "/store/financing/vault/platform/payment-session",
    kind: "store",
    input: "body",
    valid: { cart_id: FAKE_CART, account_id: "acc_1" },
    required: ["cart_id", "account_id"],
    cart: "field",
  },
  // Returns (the shopper's browser comes back from the lender)
  { name: "GET /financing/payment-assist/return", method: "GET", path: "/financing/payment-assist/return", kind: "return", input: "query", valid: { session_id: "payses_x", token: "t", status: "success", signature: "0".repeat(64) }, required: [] },
  { name: "GET /financing/vault/return", method: "GET", path: "/financing/vault/return", kind: "return", input: "query", valid: { session_id: "payses_x", status: "SUCCESS" }, required: [] },
  { name: "POST /financing/newday/sign-in/return", method: "POST", path: "/financing/newday/sign-in/return", kind: "return", input: "body", valid: { payload: "e30" }, required: [] },
  { name: "POST /financing/newday/sca/return", method: "POST", path: "/financing/newday/sca/return", kind: "return", input: "body", valid: { payload: "e30" }, required: [] },
  // Webhooks
  {
    name: "POST /hooks/financing/payment-assist",
    method: "POST",
    path: "/hooks/financing/payment-assist",
    kind: "webhook",
    input: "body",
    valid: { event_name: "application.completed", event_data: { token: "t" }, event_time: "2026-01-01 00:00:00 UTC", signature: "0".repeat(64) },
    required: ["event_name", "event_data", "signature"],
  },
  {
    name: "POST /hooks/financing/vault",
    method: "POST",
    path: "/hooks/financing/vault",
    kind: "webhook",
    input: "body",
    valid: { payload: { paymentId: "p", invoiceId: "i", status: "SUCCESS", amount: 1, currency: "GBP", paymentDate: 0 } },
    required: ["payload"],
  },
]

export { FAKE_CART }
