import { readPaymentAssistOptions } from "../lender"
import {
  PAYMENT_ASSIST_SANDBOX_API_KEY,
  PAYMENT_ASSIST_SANDBOX_SECRET,
} from "../../../../packages/sandbox/src/payment-assist/credentials"
import { PaymentAssistProviderService } from "../service"
import { optionProblems } from "../options"

const valid = {
  apiKey: "abcdefghijklmnop",
  apiSecret: "demo_abc",
  backendUrl: "https://shop.example",
  storefrontSuccessUrl: "https://shop.example/ok",
  storefrontFailureUrl: "https://shop.example/ko",
}

describe("Payment Assist options", () => {
  it("accepts a minimal valid configuration", () => {
    expect(optionProblems(valid)).toEqual([])
    expect(() => PaymentAssistProviderService.validateOptions(valid)).not.toThrow()
  })

  it("fails boot naming each missing option and its env var", () => {
    expect(() => PaymentAssistProviderService.validateOptions({ ...valid, apiKey: undefined, apiSecret: "" })).toThrow(
      'Payment Assist: option "apiKey" is required (env PAYMENT_ASSIST_API_KEY).\nPayment Assist: option "apiSecret" is required (env PAYMENT_ASSIST_API_SECRET).',
    )
  })

  it.each([
    [
      { apiSecret: "prod_x", baseUrl: "https://api.demo.payassi.st" },
      /baseUrl" does not match the secret.*PAYMENT_ASSIST_BASE_URL/,
    ],
    [{ apiSecret: "dev_x" }, /baseUrl" is required when the secret does not start with demo_ or prod_/],
    [{ autoCapture: "yes please" }, /autoCapture" must be true or false \(env PAYMENT_ASSIST_AUTO_CAPTURE\)/],
    [{ invoiceTrigger: "delivery" }, /invoiceTrigger" must be one of shipment, fulfillment, none/],
    [{ planId: "four" }, /planId" must be a whole number/],
    [
      { storefrontSuccessUrl: "/relative" },
      /storefrontSuccessUrl" must be an absolute http\(s\) URL \(env PAYMENT_ASSIST_STOREFRONT_SUCCESS_URL\)/,
    ],
    [{ invoiceRenderer: "pdf" }, /invoiceRenderer" must be a function/],
    [{ webhookSignatureScheme: "md5" }, /webhookSignatureScheme" must be one of json, php-array, scalars, any/],
  ])("rejects %p", (change, message) => {
    expect(optionProblems({ ...valid, ...(change as object) }).join("\n")).toMatch(message)
  })
})

describe("readPaymentAssistOptions (env)", () => {
  it("is off when neither credentials nor the sandbox are configured", () => {
    expect(readPaymentAssistOptions({}, "http://localhost:9000")).toBeUndefined()
  })

  it("points at the sandbox with its built-in demo_ credentials when only FINANCING_SANDBOX_URL is set", () => {
    const options = readPaymentAssistOptions(
      { FINANCING_SANDBOX_URL: "http://127.0.0.1:9100/" },
      "http://localhost:9000",
    )!
    expect(options).toMatchObject({
      apiKey: PAYMENT_ASSIST_SANDBOX_API_KEY,
      apiSecret: PAYMENT_ASSIST_SANDBOX_SECRET,
      baseUrl: "http://127.0.0.1:9100/payment-assist",
      backendUrl: "http://localhost:9000",
      storefrontSuccessUrl: "http://localhost:8000/checkout/payment-assist/success",
    })
    expect(String(options.apiSecret).startsWith("demo_")).toBe(true)
    expect(optionProblems(options)).toEqual([])
  })

  it("reads credentials and switches; without a sandbox the host comes from the secret prefix", () => {
    const options = readPaymentAssistOptions(
      {
        PAYMENT_ASSIST_API_KEY: "k",
        PAYMENT_ASSIST_API_SECRET: "prod_s",
        PAYMENT_ASSIST_AUTO_CAPTURE: "true",
        PAYMENT_ASSIST_MANUAL_REFUNDS: "0",
        PAYMENT_ASSIST_INVOICE_TRIGGER: "fulfillment",
        PAYMENT_ASSIST_PLAN_ID: "6",
        FINANCING_STOREFRONT_URL: "https://shop.example",
      },
      "https://api.shop.example",
    )!
    expect(options).toMatchObject({
      apiKey: "k",
      apiSecret: "prod_s",
      autoCapture: true,
      manualRefunds: false,
      invoiceTrigger: "fulfillment",
      planId: 6,
    })
    expect(options.baseUrl).toBeUndefined()
    expect(options.storefrontFailureUrl).toBe("https://shop.example/checkout/payment-assist/failure")
    expect(optionProblems(options)).toEqual([])
  })

  it("passes malformed values through so boot names the variable, and never invents a secret next to a real key", () => {
    const options = readPaymentAssistOptions(
      { PAYMENT_ASSIST_API_KEY: "k", PAYMENT_ASSIST_AUTO_CAPTURE: "maybe", FINANCING_SANDBOX_URL: "http://sb" },
      "http://b",
    )!
    expect(optionProblems(options)).toEqual(
      expect.arrayContaining([
        'Payment Assist: option "apiSecret" is required (env PAYMENT_ASSIST_API_SECRET).',
        'Payment Assist: option "autoCapture" must be true or false (env PAYMENT_ASSIST_AUTO_CAPTURE).',
      ]),
    )
  })
})
