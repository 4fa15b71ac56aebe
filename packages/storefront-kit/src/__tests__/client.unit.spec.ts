// The kit's client against a stub backend: every plugin store route is called with the method,
// path, query and body the plugin's routes accept (docs/storefront.md), with the publishable key,
// and only with the cart id and what the shopper typed — never an amount or an applicant.
import { createFinancingClient, errorMessage, errorStatus, isFinancing, lenderOf, PROVIDER_IDS } from "../client"
import { startStub, PUBLISHABLE_KEY, type Recorded, type Routes } from "./stub-server"

const CART = "cart_01JABCDEFGHJKMNPQRSTVWXYZ0"
const ok = (body: unknown) => () => ({ body })

const routes: Routes = {
  "GET /store/financing/offers": ok({ offers: [], not_offered: [] }),
  "GET /store/financing/payment-assist/plans": ok({
    currency_code: "gbp",
    amount: "450.00",
    from_monthly: "112.50",
    plans: [],
  }),
  "POST /store/financing/payment-assist/preapproval": ok({ approved: true, message: "ok" }),
  "POST /store/financing/payment-assist/sessions": ok({ redirect_url: "https://pa.example/apply" }),
  "GET /store/financing/flexshopper/options": ok({
    available: true,
    reasons: [],
    cart_total: "450.00",
    minimum_order_value: null,
    currency_code: "usd",
  }),
  "GET /store/financing/flexshopper/customer": ok({ customer: { next_step: "session" } }),
  "POST /store/financing/flexshopper/account/lookup": ok({ found: false, next_step: "create_account" }),
  "POST /store/financing/flexshopper/account": ok({ created: true, customer: { next_step: "prequalification" } }),
  "POST /store/financing/flexshopper/prequalification": ok({ customer: { next_step: "verification" } }),
  "GET /store/financing/flexshopper/verification": ok({ quiz: { id: "q1", questions: [] } }),
  "POST /store/financing/flexshopper/verification": ok({ customer: { next_step: "session" } }),
  "POST /store/financing/flexshopper/session": ok({
    payment_session: { id: "ps_1", status: "pending", data: {} },
    modal: { script_url: "https://flex.example/sdk.js", auth_code: "a1", sign_in_required: false, transaction: {} },
  }),
  "POST /store/financing/flexshopper/auth-code": ok({
    auth_code: "a2",
    sign_in_required: false,
    script_url: "https://flex.example/sdk.js",
  }),
  "POST /store/financing/flexshopper/complete": ok({ type: "order", order: { id: "order_1" } }),
  "GET /store/financing/newday/spend-options": ok({
    amount: "450.00",
    currency_code: "gbp",
    options: [],
    from_monthly_payment: "20.00",
    from_duration: 24,
  }),
  [`POST /store/financing/newday/carts/${CART}/sign-in`]: ok({ sign_in_url: "https://newday.example/sso" }),
  [`GET /store/financing/newday/carts/${CART}/spend-options`]: ok({
    amount: "450.00",
    currency_code: "gbp",
    options: [],
    from_monthly_payment: null,
    from_duration: null,
  }),
  [`POST /store/financing/newday/carts/${CART}/payment-session`]: ok({
    payment_session: { id: "ps_2", status: "pending" },
  }),
  "GET /store/financing/vault/payment-types": ok({
    types: [{ type: "CHECKOUT", name: "Card", description: "Pay by card" }],
  }),
  "POST /store/financing/vault/platform/sign-in": ok({ accounts: [] }),
  "DELETE /store/financing/vault/platform/sign-in": ok({ deleted: true }),
  "GET /store/financing/vault/platform/accounts": ok({ accounts: [] }),
  "POST /store/financing/vault/platform/payment-session": ok({ payment_session: { id: "ps_3" } }),
}

const application = {
  ssn: "123456789",
  date_of_birth: "1990-01-31",
  monthly_income: 4800,
  pay_frequency: "biweekly",
  mobile_phone: "5555550100",
  bank_account: { routing_number: "021000021", account_number: "000123456789", type: "checking" as const },
}

describe("storefront kit client", () => {
  let stub: Awaited<ReturnType<typeof startStub>>
  let client: ReturnType<typeof createFinancingClient>
  beforeAll(async () => {
    stub = await startStub(routes)
    client = createFinancingClient(stub.sdk)
  })
  afterAll(() => stub.close())
  beforeEach(() => stub.requests.splice(0))

  const last = (): Recorded => stub.requests[stub.requests.length - 1]

  const cases: Array<[string, () => Promise<unknown>, Partial<Recorded>]> = [
    [
      "offers for a cart",
      () => client.offers({ cart_id: CART }),
      { method: "GET", path: "/store/financing/offers", query: { cart_id: CART } },
    ],
    [
      "offers for a price on a product page",
      () => client.offers({ amount: "249.99", currency_code: "gbp", country_code: "gb" }),
      {
        method: "GET",
        path: "/store/financing/offers",
        query: { amount: "249.99", currency_code: "gbp", country_code: "gb" },
      },
    ],
    [
      "Payment Assist plans for a price",
      () => client.paymentAssist.plans({ amount: "450" }),
      { method: "GET", path: "/store/financing/payment-assist/plans", query: { amount: "450" } },
    ],
    [
      "Payment Assist plans for a cart",
      () => client.paymentAssist.plans({ cart_id: CART }),
      { method: "GET", query: { cart_id: CART } },
    ],
    [
      "Payment Assist pre-approval",
      () => client.paymentAssist.preapproval(CART),
      { method: "POST", path: "/store/financing/payment-assist/preapproval", body: { cart_id: CART } },
    ],
    [
      "Payment Assist session",
      () => client.paymentAssist.startSession(CART),
      { method: "POST", path: "/store/financing/payment-assist/sessions", body: { cart_id: CART } },
    ],
    [
      "FlexShopper options",
      () => client.flexshopper.options(CART),
      { method: "GET", path: "/store/financing/flexshopper/options", query: { cart_id: CART } },
    ],
    [
      "FlexShopper customer",
      () => client.flexshopper.customer(CART),
      { method: "GET", path: "/store/financing/flexshopper/customer", query: { cart_id: CART } },
    ],
    [
      "FlexShopper lookup",
      () => client.flexshopper.lookup(CART, "5555550100", "123456789"),
      {
        method: "POST",
        path: "/store/financing/flexshopper/account/lookup",
        body: { cart_id: CART, mobile_phone: "5555550100", ssn: "123456789" },
      },
    ],
    [
      "FlexShopper account",
      () => client.flexshopper.createAccount(CART),
      { method: "POST", path: "/store/financing/flexshopper/account", body: { cart_id: CART } },
    ],
    [
      "FlexShopper prequalification",
      () => client.flexshopper.prequalify(CART, application),
      {
        method: "POST",
        path: "/store/financing/flexshopper/prequalification",
        body: { cart_id: CART, ...application },
      },
    ],
    [
      "FlexShopper quiz",
      () => client.flexshopper.quiz(CART),
      { method: "GET", path: "/store/financing/flexshopper/verification", query: { cart_id: CART } },
    ],
    [
      "FlexShopper answers",
      () => client.flexshopper.answer(CART, "q1", [{ question_id: "a", choice_id: "b" }]),
      {
        method: "POST",
        path: "/store/financing/flexshopper/verification",
        body: { cart_id: CART, quiz_id: "q1", answers: [{ question_id: "a", choice_id: "b" }] },
      },
    ],
    [
      "FlexShopper session",
      () => client.flexshopper.session(CART),
      { method: "POST", path: "/store/financing/flexshopper/session", body: { cart_id: CART } },
    ],
    [
      "FlexShopper auth code",
      () => client.flexshopper.authCode(CART),
      { method: "POST", path: "/store/financing/flexshopper/auth-code", body: { cart_id: CART } },
    ],
    [
      "FlexShopper complete",
      () => client.flexshopper.complete(CART),
      { method: "POST", path: "/store/financing/flexshopper/complete", body: { cart_id: CART } },
    ],
    [
      "NewDay illustration",
      () => client.newday.spendOptions("450.00"),
      { method: "GET", path: "/store/financing/newday/spend-options", query: { amount: "450.00" } },
    ],
    [
      "NewDay sign-in",
      () => client.newday.signIn(CART),
      { method: "POST", path: `/store/financing/newday/carts/${CART}/sign-in`, body: {} },
    ],
    [
      "NewDay cart options",
      () => client.newday.cartSpendOptions(CART),
      {
        method: "GET",
        path: `/store/financing/newday/carts/${CART}/spend-options`,
        query: { order_by: "InstalmentPaymentAmount" },
      },
    ],
    [
      "NewDay spend option",
      () => client.newday.choose(CART, "so_1"),
      {
        method: "POST",
        path: `/store/financing/newday/carts/${CART}/payment-session`,
        body: { spend_option_id: "so_1" },
      },
    ],
    [
      "NewDay revolving credit",
      () => client.newday.choose(CART),
      { method: "POST", path: `/store/financing/newday/carts/${CART}/payment-session`, body: {} },
    ],
    [
      "Vault payment types",
      () => client.vault.paymentTypes(),
      { method: "GET", path: "/store/financing/vault/payment-types" },
    ],
    [
      "Vault sign-in",
      () => client.vault.signIn(CART, "+447700900001", "pw"),
      {
        method: "POST",
        path: "/store/financing/vault/platform/sign-in",
        body: { cart_id: CART, phone: "+447700900001", password: "pw" },
      },
    ],
    [
      "Vault sign-out",
      () => client.vault.signOut(CART),
      { method: "DELETE", path: "/store/financing/vault/platform/sign-in", query: { cart_id: CART } },
    ],
    [
      "Vault accounts",
      () => client.vault.accounts(CART),
      { method: "GET", path: "/store/financing/vault/platform/accounts", query: { cart_id: CART } },
    ],
    [
      "Vault balance payment",
      () => client.vault.payFromAccount(CART, "acc_1"),
      {
        method: "POST",
        path: "/store/financing/vault/platform/payment-session",
        body: { cart_id: CART, account_id: "acc_1" },
      },
    ],
  ]

  it.each(cases)("%s reaches the plugin's route with the publishable key", async (_name, call, expected) => {
    await call()
    expect(stub.requests).toHaveLength(1)
    expect(last()).toMatchObject({ ...expected, publishableKey: PUBLISHABLE_KEY })
  })

  it("returns the route's answer as typed data", async () => {
    await expect(client.paymentAssist.startSession(CART)).resolves.toEqual({ redirect_url: "https://pa.example/apply" })
    await expect(client.newday.spendOptions("450.00")).resolves.toMatchObject({
      from_monthly_payment: "20.00",
      from_duration: 24,
    })
  })

  it("escapes the cart id in NewDay's path", async () => {
    await client.newday.signIn("cart_1/../../admin").catch(() => undefined)
    expect(last().path).toBe("/store/financing/newday/carts/cart_1%2F..%2F..%2Fadmin/sign-in")
  })
})

describe("errors and cart completion", () => {
  let stub: Awaited<ReturnType<typeof startStub>>
  beforeAll(async () => {
    stub = await startStub({
      "POST /store/financing/payment-assist/preapproval": () => ({
        status: 400,
        body: {
          type: "invalid_data",
          message: "Payment Assist: this shopper was declined; choose another way to pay.",
        },
      }),
      [`POST /store/carts/${CART}/complete`]: () => ({
        body: { type: "cart", cart: { id: CART }, error: { message: "NewDay declined the payment." } },
      }),
      "POST /store/carts/cart_ORDERED0000000000000000000/complete": () => ({
        body: { type: "order", order: { id: "order_01" } },
      }),
      "POST /store/carts/cart_DOWN000000000000000000000/complete": () => ({
        status: 503,
        body: { message: "Vault isn't available right now." },
      }),
    })
  })
  afterAll(() => stub.close())

  it("keeps the plugin's message and status for the shopper", async () => {
    const failure = await createFinancingClient(stub.sdk)
      .paymentAssist.preapproval(CART)
      .catch((e: unknown) => e)
    expect(errorStatus(failure)).toBe(400)
    expect(errorMessage(failure)).toBe("Payment Assist: this shopper was declined; choose another way to pay.")
  })

  it("completes the cart: order, refusal in words, or an outage message", async () => {
    const client = createFinancingClient(stub.sdk)
    await expect(client.complete("cart_ORDERED0000000000000000000")).resolves.toEqual({ orderId: "order_01" })
    await expect(client.complete(CART)).resolves.toEqual({ error: "NewDay declined the payment." })
    await expect(client.complete("cart_DOWN000000000000000000000")).resolves.toEqual({
      error: "Vault isn't available right now.",
    })
  })

  it("falls back to plain words when an error has no message", () => {
    expect(errorMessage(new Error("  "), "Try again.")).toBe("Try again.")
    expect(errorMessage(null)).toBe("Something went wrong. Please try again.")
  })
})

describe("provider ids", () => {
  it("maps each lender's provider id and nothing else", () => {
    expect(lenderOf("pp_newday_newday")).toBe("newday")
    expect(lenderOf(PROVIDER_IDS["payment-assist"])).toBe("payment-assist")
    expect(lenderOf("pp_stripe_stripe")).toBeUndefined()
    expect(isFinancing("pp_vault_vault")).toBe(true)
    expect(isFinancing("pp_system_default")).toBe(false)
    expect(isFinancing(undefined)).toBe(false)
  })
})
