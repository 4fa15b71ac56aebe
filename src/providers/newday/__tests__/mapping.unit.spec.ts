// Pure parts of the NewDay provider: status mapping, the float state kept in payment data, the
// spend-option view for the storefront, and the boot-time option checks / env reader.
import { PaymentSessionStatus } from "@medusajs/framework/utils"
import { readNewdayOptions } from "../lender"
import { NEWDAY_SANDBOX_CREDENTIALS } from "../../../../packages/sandbox/src/newday/credentials"
import { newDayLender } from "../lender"
import { initiateSchemaOf, NEWDAY_OPTION_ENV, ssoPayloadFields } from "../options"
import {
  type FloatState,
  floatStateOf,
  mergeFloatStates,
  remainingFloatMinor,
  statusOf,
  withFloatState,
} from "../payment-data"
import { sessionStatusOf, NEWDAY_STATUS_MAP } from "../status"
import { toStoreSpendOptions } from "../store-view"

describe("status mapping", () => {
  it.each([
    ["pending", PaymentSessionStatus.PENDING],
    ["requires_sca", PaymentSessionStatus.REQUIRES_MORE],
    ["authorized", PaymentSessionStatus.AUTHORIZED],
    ["partially_captured", PaymentSessionStatus.AUTHORIZED],
    ["captured", PaymentSessionStatus.CAPTURED],
    ["canceled", PaymentSessionStatus.CANCELED],
  ])("%s → %s", (status, expected) => {
    expect(sessionStatusOf(status)).toBe(expected)
  })

  it("covers every NewDay status and treats anything unknown as pending", () => {
    expect(Object.keys(NEWDAY_STATUS_MAP).sort()).toEqual([
      "authorized",
      "canceled",
      "captured",
      "partially_captured",
      "pending",
      "requires_sca",
    ])
    expect(sessionStatusOf("surprise")).toBe(PaymentSessionStatus.PENDING)
    expect(sessionStatusOf(undefined)).toBe(PaymentSessionStatus.PENDING)
  })
})

describe("float state in payment data", () => {
  const base: FloatState = { authorisationId: "a1", authorisedMinor: 10000, settlements: [], reversals: [] }

  it("derives status and remaining float, and round-trips through data", () => {
    const settled: FloatState = {
      ...base,
      settlements: [{ transactionId: "t1", amountMinor: 3000, refundedMinor: 500 }],
    }
    expect(statusOf(base)).toBe("authorized")
    expect(statusOf(settled)).toBe("partially_captured")
    expect(statusOf({ ...settled, reversals: [{ id: "r1", amountMinor: 7000 }] })).toBe("partially_captured")
    expect(statusOf({ ...base, reversals: [{ id: "r1", amountMinor: 10000 }] })).toBe("canceled")
    expect(statusOf({ ...base, settlements: [{ transactionId: "t1", amountMinor: 10000, refundedMinor: 0 }] })).toBe(
      "captured",
    )
    const data = withFloatState({ session_id: "payses_1" }, settled)
    expect(data).toMatchObject({
      status: "partially_captured",
      authorised_amount: "100.00",
      remaining_float: "70.00",
      settled_amount: "30.00",
      refunded_amount: "5.00",
      settlements: [{ transaction_id: "t1", amount: "30.00", refunded: "5.00" }],
    })
    expect(floatStateOf(data)).toEqual(settled)
    expect(floatStateOf({})).toBeUndefined()
  })

  it("merges two views of one authorisation without losing a settlement or a refund", () => {
    const a: FloatState = { ...base, settlements: [{ transactionId: "t1", amountMinor: 2000, refundedMinor: 0 }] }
    const b: FloatState = {
      ...base,
      settlements: [
        { transactionId: "t1", amountMinor: 2000, refundedMinor: 700 },
        { transactionId: "t2", amountMinor: 1000, refundedMinor: 0 },
      ],
      reversals: [{ id: "r", amountMinor: 100 }],
    }
    const merged = mergeFloatStates(a, b)
    expect(merged.settlements).toEqual(b.settlements)
    expect(remainingFloatMinor(merged)).toBe(6900)
    expect(mergeFloatStates(a, { ...b, authorisationId: "other" })).toBe(a)
  })
})

describe("spend options for the storefront", () => {
  it("turns NewDay money into pound strings and finds the cheapest monthly payment", () => {
    const money = (value: number) => ({ value, currencyCode: "GBP" })
    const view = toStoreSpendOptions({
      options: [
        {
          name: "12",
          spendType: "Instalment",
          interestRate: 0.199,
          duration: 12,
          spendOptionId: "s12",
          illustration: { monthlyPayment: money(44.97), interestToPay: money(89.55), totalRepayable: money(539.55) },
        },
        {
          name: "24",
          spendType: "Instalment",
          interestRate: 0.199,
          duration: 24,
          illustration: { monthlyPayment: money(9.5), interestToPay: money(1), totalRepayable: money(228) },
        },
        {
          name: "expired",
          spendType: "Instalment",
          interestRate: 0,
          offerStatus: "Expired",
          illustration: { monthlyPayment: money(1), interestToPay: money(0), totalRepayable: money(6) },
        },
        { name: "flex", spendType: "Purchase", interestRate: 0.299, illustration: null },
      ],
    })
    expect(view.options.map((o) => o.name)).toEqual(["12", "24", "flex"])
    expect(view.options[0]).toEqual({
      spend_option_id: "s12",
      name: "12",
      spend_type: "Instalment",
      interest_rate: 0.199,
      duration: 12,
      monthly_payment: "44.97",
      interest_to_pay: "89.55",
      total_repayable: "539.55",
    })
    expect(view).toMatchObject({ from_monthly_payment: "9.50", from_duration: 24 })
  })
})

describe("options", () => {
  const valid = () =>
    readNewdayOptions({ FINANCING_SANDBOX_URL: "http://127.0.0.1:9100" }, "http://localhost:9000") as Record<
      string,
      unknown
    >

  it("points at the sandbox with its built-in merchant when only FINANCING_SANDBOX_URL is set", () => {
    expect(readNewdayOptions({}, "http://localhost:9000")).toBeUndefined()
    expect(valid()).toMatchObject({
      baseUrl: "http://127.0.0.1:9100/newday",
      merchantId: NEWDAY_SANDBOX_CREDENTIALS.merchantId,
      tenantId: NEWDAY_SANDBOX_CREDENTIALS.tenantId,
      subscriptionKey: NEWDAY_SANDBOX_CREDENTIALS.subscriptionKey,
      ssoWidgetUrl: "http://127.0.0.1:9100/newday/sso-widget/newpay/login",
      settleOn: "shipment",
      successUrl: "http://localhost:8000/order/confirmed",
    })
    expect(() => newDayLender.validateOptions(valid())).not.toThrow()
  })

  it("reads real credentials, certificates and settings from NEWDAY_* variables", () => {
    const options = readNewdayOptions(
      {
        NEWDAY_MERCHANT_ID: "m-1",
        NEWDAY_TENANT_ID: "t-1",
        NEWDAY_CLIENT_CERT: "/run/secrets/newday.crt",
        NEWDAY_CLIENT_KEY: "/run/secrets/newday.key",
        NEWDAY_SSO_WIDGET_URL: "https://id.example/newpay/login",
        NEWDAY_SETTLE_ON: "capture",
        NEWDAY_TIMEOUT_MS: "8000",
        NEWDAY_SCA: "always",
        NEWDAY_INITIATE_STATUS_FIELD: "status",
        NEWDAY_SCA_EXEMPT_VALUES: "Exempt, NotRequired",
        NEWDAY_SSO_TOKEN_FIELD: "accessToken",
        FINANCING_STOREFRONT_URL: "https://shop.example/",
      },
      "https://api.shop.example",
    ) as Record<string, unknown>
    expect(options).toMatchObject({
      baseUrl: "https://mtapi.stg-newdaytechnology.net/cl/merchant-gateway-service",
      merchantId: "m-1",
      subscriptionKey: undefined,
      clientCert: "/run/secrets/newday.crt",
      settleOn: "capture",
      timeoutMs: 8000,
      signedInUrl: "https://shop.example/checkout?step=payment",
      sca: "always",
    })
    expect(() => newDayLender.validateOptions(options)).not.toThrow()
    // Partner-pack names reach the client's Initiate reader and the sign-in return route.
    expect(initiateSchemaOf(options as never)).toEqual({
      statusField: "status",
      exemptValues: ["Exempt", "NotRequired"],
    })
    expect(ssoPayloadFields(options as never)).toEqual({ customerRef: "customerRef", token: "accessToken" })
    expect(
      readNewdayOptions({ FINANCING_SANDBOX_URL: "http://127.0.0.1:9100" }, "http://localhost:9000"),
    ).toMatchObject({ sca: "auto" })
  })

  it.each([
    [{ merchantId: "" }, 'provider option "merchantId" is required (environment variable NEWDAY_MERCHANT_ID)'],
    [{ ssoWidgetUrl: "" }, 'provider option "ssoWidgetUrl" is required (environment variable NEWDAY_SSO_WIDGET_URL)'],
    [{ baseUrl: "ftp://x" }, 'provider option "baseUrl" must be an http(s) URL (environment variable NEWDAY_BASE_URL)'],
    [
      { settleOn: "delivery" },
      'provider option "settleOn" must be "shipment" or "capture" (environment variable NEWDAY_SETTLE_ON)',
    ],
    [
      { clientCert: "/c.crt" },
      'provider option "clientKey" is required when the other half of the mTLS key pair is set (environment variable NEWDAY_CLIENT_KEY)',
    ],
    [
      { baseUrl: "https://mtapi.newdaytechnology.net/cl/merchant-gateway-service" },
      'provider option "clientCert" is required: NewDay\'s API only accepts mutual TLS (environment variable NEWDAY_CLIENT_CERT)',
    ],
    [
      { timeoutMs: "soon" },
      'provider option "timeoutMs" must be a whole number (environment variable NEWDAY_TIMEOUT_MS)',
    ],
    [{ sca: "sometimes" }, 'provider option "sca" must be "auto" or "always" (environment variable NEWDAY_SCA)'],
    [
      { initiateStatusField: "sca status" },
      'provider option "initiateStatusField" must be a JSON field name (letters, digits, _) (environment variable NEWDAY_INITIATE_STATUS_FIELD)',
    ],
    [
      { ssoTokenField: "__proto__.x" },
      'provider option "ssoTokenField" must be a JSON field name (letters, digits, _) (environment variable NEWDAY_SSO_TOKEN_FIELD)',
    ],
    [
      { scaExemptValues: "Exempt;Other" },
      'provider option "scaExemptValues" must be a comma-separated list of status words such as Exempt,NotRequired (environment variable NEWDAY_SCA_EXEMPT_VALUES)',
    ],
    [
      { scaRequiredValues: "Required,EXEMPT" },
      'provider option "scaRequiredValues" must not repeat a word of scaExemptValues (NEWDAY_SCA_EXEMPT_VALUES) (environment variable NEWDAY_SCA_REQUIRED_VALUES)',
    ],
  ])("fails boot for %p naming the option and its env var", (change, message) => {
    expect(() => newDayLender.validateOptions({ ...valid(), ...change })).toThrow(`NewDay NewPay: ${message}.`)
  })

  it("reads every option from its documented environment variable, and nothing else", () => {
    expect(Object.values(NEWDAY_OPTION_ENV).every((name) => /^(NEWDAY_|MEDUSA_BACKEND_URL$)/.test(name))).toBe(true)
    expect(Object.keys(valid()).sort()).toEqual(Object.keys(NEWDAY_OPTION_ENV).sort())
  })
})
