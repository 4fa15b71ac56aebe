import type { FinancingOperationDTO } from "../../../modules/financing/types"
import { FINANCING_STATUSES, financingStatusLabel, normalizeFinancingStatus, type StatusFacts } from "../status"
import { buildFinancingSummary, lenderReferences, type SummaryInput } from "../summary"
import { lenderMode, lenderUrls, missingOptions, secretOptionValues } from "../lender-config"

const facts = (over: Partial<StatusFacts> = {}): StatusFacts => ({
  authorizedMinor: 10_000,
  capturedMinor: 0,
  refundedMinor: 0,
  canceled: false,
  hasPayment: true,
  lenderStatus: null,
  actionRequired: false,
  ...over,
})

describe("normalizeFinancingStatus", () => {
  it.each([
    ["no payment yet", "pending", facts({ hasPayment: false, authorizedMinor: 0 })],
    ["authorized, nothing captured", "authorized", facts()],
    ["part captured", "partially_captured", facts({ capturedMinor: 4_000 })],
    ["all captured", "captured", facts({ capturedMinor: 10_000 })],
    ["captured, part refunded", "partially_refunded", facts({ capturedMinor: 10_000, refundedMinor: 1 })],
    ["captured, all refunded", "refunded", facts({ capturedMinor: 10_000, refundedMinor: 10_000 })],
    ["canceled before capture", "canceled", facts({ canceled: true })],
    ["lender expired while Medusa holds the authorization", "action_required", facts({ lenderStatus: "Expired" })],
    ["lender declined before any payment", "canceled", facts({ hasPayment: false, lenderStatus: "failed" })],
    [
      "an open action-required entry wins over money",
      "action_required",
      facts({ capturedMinor: 10_000, actionRequired: true }),
    ],
  ])("%s → %s", (_what, expected, input) => {
    expect(normalizeFinancingStatus(input)).toBe(expected)
  })

  it("has a label in words for every status", () => {
    expect(FINANCING_STATUSES.map(financingStatusLabel)).toEqual([
      "Pending",
      "Authorized",
      "Partially captured",
      "Captured",
      "Partially refunded",
      "Refunded",
      "Canceled",
      "Action required",
    ])
  })
})

let seq = 0
function op(over: Partial<FinancingOperationDTO>): FinancingOperationDTO {
  seq++
  return {
    id: `finop_${seq}`,
    provider_id: "pp_flexshopper_flexshopper",
    lender: "flexshopper",
    payment_session_id: null,
    payment_id: "pay_1",
    order_id: "order_1",
    fulfillment_id: null,
    operation: "status",
    outcome: "succeeded",
    amount: null,
    currency_code: null,
    lender_reference: null,
    references: null,
    error_code: null,
    error_message: null,
    http_status: null,
    attempts: 1,
    correlation_id: null,
    idempotency_key: null,
    detail: null,
    next_attempt_at: null,
    completed_at: null,
    created_at: new Date(Date.UTC(2026, 10, 21, 12, 0, seq)),
    updated_at: new Date(Date.UTC(2026, 10, 21, 12, 0, seq)),
    ...over,
  }
}

const flexInput = (operations: FinancingOperationDTO[], over: Partial<SummaryInput> = {}): SummaryInput => ({
  order_id: "order_1",
  currency_code: "usd",
  payments: [
    {
      id: "pay_1",
      provider_id: "pp_flexshopper_flexshopper",
      amount: 1191.95,
      currency_code: "usd",
      data: {
        transaction_id: "tx_1",
        lease_number: "L-1",
        loan_number: "N-1",
        status: "finalized",
        order: { secret: "no" },
      },
      captures: [{ amount: 614.95 }],
      refunds: [],
    },
  ],
  sessions: [{ id: "payses_1", provider_id: "pp_flexshopper_flexshopper", status: "authorized", data: {} }],
  fulfillments: [
    { id: "ful_1", shipped_at: "2026-11-21T12:00:00Z" },
    { id: "ful_2", shipped_at: "2026-11-21T12:05:00Z" },
    { id: "ful_gone", canceled_at: "2026-11-21T12:06:00Z" },
  ],
  operations,
  configured: () => true,
  ...over,
})

describe("buildFinancingSummary", () => {
  it("is null for an order paid without this plugin's lenders", () => {
    const input = flexInput([])
    expect(
      buildFinancingSummary({
        ...input,
        payments: [{ id: "pay_x", provider_id: "pp_system_default", amount: 10, captures: [] }],
        sessions: [{ id: "payses_x", provider_id: "pp_system_default" }],
      }),
    ).toBeNull()
  })

  it("FlexShopper: references, exact amounts, confirmations per fulfillment, the receipt action and retryable failures", () => {
    const shipped1 = op({
      operation: "ship-confirm",
      fulfillment_id: "ful_1",
      idempotency_key: "flexshopper:ship:ful_1",
      completed_at: new Date("2026-11-21T12:01:00Z"),
    })
    const failed2 = op({
      operation: "ship-confirm",
      fulfillment_id: "ful_2",
      outcome: "failed",
      error_message: "FlexShopper confirm-shipment failed (HTTP 503)",
      idempotency_key: "flexshopper:ship:ful_2",
      next_attempt_at: new Date("2026-11-21T13:00:00Z"),
    })
    const summary = buildFinancingSummary(flexInput([failed2, shipped1]))!

    expect(summary).toMatchObject({
      lender: "flexshopper",
      lender_name: "FlexShopper",
      provider_id: "pp_flexshopper_flexshopper",
      payment_id: "pay_1",
      status: { value: "partially_captured", label: "Partially captured", lender_status: "finalized" },
      references: { transaction_id: "tx_1", lease_number: "L-1", loan_number: "N-1", lease_status: null },
      amounts: { currency_code: "usd", authorized: "1191.95", captured: "614.95", refunded: "0.00" },
    })
    // The lease order in data is not a reference and is not passed on.
    expect(JSON.stringify(summary.references)).not.toContain("secret")
    expect(summary.fulfillments.map((f) => f.fulfillment_id)).toEqual(["ful_1", "ful_2"])
    expect(summary.fulfillments[0].confirmations).toEqual([
      {
        kind: "shipment_confirmed",
        at: "2026-11-21T12:01:00.000Z",
        outcome: "succeeded",
        operation_id: shipped1.id,
        error_message: null,
      },
    ])
    expect(summary.fulfillments[1].confirmations).toEqual([
      expect.objectContaining({ kind: "shipment_confirmed", outcome: "failed" }),
    ])
    expect(summary.actions).toEqual({
      sync: true,
      upload_invoice: false,
      confirm_receipt: ["ful_1"],
      retry: [failed2.id],
    })
    // Scheduled for an automatic retry: failed, but not (yet) a person's job.
    expect(summary.history.find((h) => h.id === failed2.id)).toMatchObject({ retryable: true, action_required: false })
  })

  it("a later success of the same work resolves a failure: not retryable, not action required", () => {
    const failed = op({
      operation: "invoice-upload",
      lender: "payment-assist",
      outcome: "failed",
      idempotency_key: "payment-assist:invoice:order_1",
    })
    const later = op({
      operation: "invoice-upload",
      lender: "payment-assist",
      idempotency_key: "payment-assist:invoice:order_1",
    })
    const summary = buildFinancingSummary({
      ...flexInput([later, failed]),
      payments: [
        {
          id: "pay_1",
          provider_id: "pp_payment-assist_payment-assist",
          amount: "459.95",
          currency_code: "gbp",
          data: { token: "tok_1", pa_ref: "SBX-1", application_status: "completed" },
          captures: [{ amount: "459.95" }],
        },
      ],
    })!
    expect(summary.lender).toBe("payment-assist")
    expect(summary.references).toEqual({ token: "tok_1", pa_ref: "SBX-1", application_status: "completed" })
    expect(summary.status.value).toBe("captured")
    expect(summary.actions.retry).toEqual([])
    expect(summary.actions.upload_invoice).toBe(true)
    expect(summary.order_confirmations).toEqual([
      expect.objectContaining({ kind: "invoice_uploaded", outcome: "succeeded", operation_id: later.id }),
    ])
  })

  it("an unresolved action-required entry makes the status 'Action required' and is flagged in the history", () => {
    const flagged = op({
      operation: "sync",
      lender: "payment-assist",
      outcome: "action_required",
      error_message: "Payment Assist: the application is expired",
    })
    const summary = buildFinancingSummary({
      ...flexInput([flagged]),
      payments: [
        {
          id: "pay_1",
          provider_id: "pp_payment-assist_payment-assist",
          amount: "450",
          currency_code: "gbp",
          data: { token: "tok_1", application_status: "expired" },
          captures: [],
        },
      ],
    })!
    expect(summary.status).toEqual({ value: "action_required", label: "Action required", lender_status: "expired" })
    expect(summary.history[0]).toMatchObject({ id: flagged.id, action_required: true, retryable: false })
  })

  it("ignores checkout-time failures (before an order or payment existed) and other lenders' entries", () => {
    const checkout = op({
      operation: "authorize",
      outcome: "action_required",
      order_id: null,
      payment_id: null,
      payment_session_id: "payses_1",
    })
    const other = op({ lender: "vault", operation: "status", outcome: "action_required" })
    const summary = buildFinancingSummary(flexInput([other, checkout]))!
    expect(summary.status.value).toBe("partially_captured")
    expect(summary.history.map((h) => h.id)).toEqual([checkout.id])
  })

  it("NewDay: settled fulfillments and the settlement references; no actions when the lender is not configured", () => {
    const settled = op({
      lender: "newday",
      operation: "settle-shipment",
      fulfillment_id: "ful_1",
      idempotency_key: "newday-shipment:ful_1",
    })
    const summary = buildFinancingSummary({
      ...flexInput([settled]),
      currency_code: "gbp",
      payments: [
        {
          id: "pay_1",
          provider_id: "pp_newday_newday",
          amount: "220.00",
          currency_code: "gbp",
          data: {
            authorisation_id: "auth_1",
            remaining_float: "0.00",
            status: "captured",
            settlements: [{ transaction_id: "st_1", amount: "220.00", refunded: "20.00" }],
          },
          captures: [{ amount: "220.00" }],
          refunds: [{ amount: "20.00" }],
        },
      ],
      configured: () => false,
    })!
    expect(summary.references).toEqual({
      authorisation_id: "auth_1",
      remaining_float: "0.00",
      settlements: [{ transaction_id: "st_1", amount: "220.00", refunded: "20.00" }],
    })
    expect(summary.status.value).toBe("partially_refunded")
    expect(summary.amounts).toEqual({
      currency_code: "gbp",
      authorized: "220.00",
      captured: "220.00",
      refunded: "20.00",
    })
    expect(summary.fulfillments[0].confirmations).toEqual([
      expect.objectContaining({ kind: "settled", outcome: "succeeded" }),
    ])
    expect(summary.actions).toEqual({ sync: false, upload_invoice: false, confirm_receipt: [], retry: [] })
  })

  it("Vault references", () => {
    expect(
      lenderReferences("vault", {
        payment_id: "p1",
        type: "CHECKOUT",
        invoice_id: "i1",
        vault_status: "SUCCESS",
        checkout_url: "https://x",
      }),
    ).toEqual({
      payment_id: "p1",
      type: "CHECKOUT",
      invoice_id: "i1",
      vault_status: "SUCCESS",
    })
    // With a shopper's discount code, the widget shows why Vault collected less than the order total.
    expect(
      lenderReferences("vault", {
        payment_id: "p1",
        vault_status: "SUCCESS",
        discount_code: "VAULT10",
        discount_amount: "121.00",
        amount: "1088.95",
      }),
    ).toMatchObject({
      discount_code: "VAULT10",
      discount_amount: "121.00",
      collected_amount: "1088.95",
    })
  })
})

describe("lender configuration for the settings page", () => {
  it("names missing required options and their env vars, never values", () => {
    expect(
      missingOptions("flexshopper", { apiKey: "k", authKey: "", baseUrl: "https://apis.flexshopper.com" }),
    ).toEqual([
      { option: "authKey", env: "FLEXSHOPPER_AUTH_KEY" },
      { option: "sdkUrl", env: "FLEXSHOPPER_SDK_URL" },
    ])
    expect(missingOptions("payment-assist", undefined).map((m) => m.env)).toContain("PAYMENT_ASSIST_API_SECRET")
  })

  it("tells the local sandbox and lender test hosts from live hosts, without credentials in the URL", () => {
    expect(lenderMode("vault", { baseUrl: "http://127.0.0.1:9100/vault" }, "http://127.0.0.1:9100")).toEqual({
      mode: "sandbox",
      base_url: "http://127.0.0.1:9100/vault",
    })
    expect(lenderMode("flexshopper", { baseUrl: "https://apis.sandbox.flexshopper.com" }).mode).toBe("sandbox")
    expect(lenderMode("newday", { baseUrl: "https://mtapi.stg-newdaytechnology.net/cl/x" }).mode).toBe("sandbox")
    expect(lenderMode("payment-assist", { apiSecret: "demo_abc" })).toEqual({
      mode: "sandbox",
      base_url: "https://api.demo.payassi.st",
    })
    expect(lenderMode("payment-assist", { apiSecret: "prod_abc" }).mode).toBe("live")
    expect(lenderMode("vault", { baseUrl: "https://user:pw@api.vault.example/v1/" })).toEqual({
      mode: "live",
      base_url: "https://api.vault.example/v1",
    })
  })

  it("gives the URLs to paste into each lender's dashboard", () => {
    expect(lenderUrls("payment-assist", { backendUrl: "https://shop.example/" }, "http://fallback")).toEqual({
      webhook: "https://shop.example/hooks/financing/payment-assist",
      return: "https://shop.example/financing/payment-assist/return",
      other: [],
    })
    expect(lenderUrls("newday", undefined, "http://localhost:9000")).toEqual({
      webhook: null,
      return: "http://localhost:9000/financing/newday/sign-in/return",
      other: [{ label: "SCA widget return", url: "http://localhost:9000/financing/newday/sca/return" }],
    })
    expect(lenderUrls("flexshopper", {}, "http://x")).toEqual({ webhook: null, return: null, other: [] })
  })

  it("knows which option values are secrets", () => {
    expect(
      secretOptionValues("vault", {
        clientId: "id",
        clientSecret: "s3cret",
        webhookSecret: "whsec_1",
        checkoutSecretKey: undefined,
      }),
    ).toEqual(["s3cret", "whsec_1"])
  })
})
