import { getHttpResponseFromError } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { isLenderError, LenderError, type LenderErrorInit } from "../errors"
import { toMedusaError } from "../../provider-kit/medusa-error"

const base: LenderErrorInit = {
  lender: "payment-assist",
  lenderName: "Payment Assist",
  operation: "capture",
  kind: "http",
}

describe("LenderError", () => {
  it.each<[Partial<LenderErrorInit>, string]>([
    [
      { httpStatus: 400, lenderMessage: "Application is not awaiting capture" },
      "Payment Assist capture failed: Application is not awaiting capture (HTTP 400)",
    ],
    [
      { httpStatus: 404, lenderCode: "LeaseNotFound", lenderMessage: "Lease not found" },
      "Payment Assist capture failed: Lease not found [LeaseNotFound] (HTTP 404)",
    ],
    [
      { httpStatus: 503, description: "Service Unavailable" },
      "Payment Assist capture failed: Service Unavailable (HTTP 503)",
    ],
    [
      { kind: "timeout", description: "no complete response within 20000 ms" },
      "Payment Assist capture failed: no complete response within 20000 ms",
    ],
    [{ kind: "network" }, "Payment Assist capture failed: unexpected error"],
    [{ lenderMessage: "  multi\n line\t message " }, "Payment Assist capture failed: multi line message"],
  ])("formats %j", (init, message) => {
    expect(new LenderError({ ...base, ...init }).message).toBe(message)
  })

  it("clips a huge lender message (an HTML error page) instead of making it the error", () => {
    const err = new LenderError({ ...base, lenderMessage: "x".repeat(10_000) })
    expect(err.message.length).toBeLessThan(400)
  })

  it("serialises only its safe fields, without undefined noise", () => {
    const err = new LenderError({ ...base, httpStatus: 409, lenderCode: "C", correlationId: "corr-1", attempts: 1 })
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      name: "LenderError",
      message: "Payment Assist capture failed: unexpected error [C] (HTTP 409)",
      lender: "payment-assist",
      lenderName: "Payment Assist",
      operation: "capture",
      kind: "http",
      httpStatus: 409,
      lenderCode: "C",
      correlationId: "corr-1",
      retryable: false,
      declined: false,
      attempts: 1,
    })
  })

  it("is recognised by isLenderError, even across module copies, and nothing else is", () => {
    expect(isLenderError(new LenderError(base))).toBe(true)
    const foreignCopy = Object.defineProperty(new Error("x"), Symbol.for("medusa-plugin-financing.LenderError"), {
      value: true,
    })
    expect(isLenderError(foreignCopy)).toBe(true)
    expect(isLenderError(new Error("x"))).toBe(false)
    expect(isLenderError({ ...new LenderError(base) })).toBe(false)
    expect(isLenderError(null)).toBe(false)
  })
})

describe("toMedusaError", () => {
  const T = MedusaError.Types
  // [case, LenderError fields, Medusa type, HTTP status the Medusa error handler answers with]
  const table: Array<[string, Partial<LenderErrorInit>, string, number]> = [
    ["validation (ours)", { kind: "validation", description: "amount must be positive" }, T.INVALID_DATA, 400],
    ["lender 400", { httpStatus: 400 }, T.INVALID_DATA, 400],
    ["lender 422", { httpStatus: 422 }, T.INVALID_DATA, 400],
    ["lender 404", { httpStatus: 404 }, T.NOT_FOUND, 404],
    ["lender 409", { httpStatus: 409, lenderMessage: "already captured" }, T.NOT_ALLOWED, 400],
    ["lender 402", { httpStatus: 402 }, T.PAYMENT_AUTHORIZATION_ERROR, 422],
    ["decline on 200", { httpStatus: 200, declined: true }, T.PAYMENT_AUTHORIZATION_ERROR, 422],
    ["decline on 403", { httpStatus: 403, declined: true }, T.PAYMENT_AUTHORIZATION_ERROR, 422],
    ["lender 401", { httpStatus: 401 }, T.UNEXPECTED_STATE, 500],
    ["lender 403", { httpStatus: 403 }, T.UNEXPECTED_STATE, 500],
    ["lender 429", { httpStatus: 429 }, T.UNEXPECTED_STATE, 500],
    ["lender 500", { httpStatus: 500 }, T.UNEXPECTED_STATE, 500],
    ["lender 503", { httpStatus: 503 }, T.UNEXPECTED_STATE, 500],
    ["network", { kind: "network" }, T.UNEXPECTED_STATE, 500],
    ["timeout", { kind: "timeout" }, T.UNEXPECTED_STATE, 500],
    ["malformed", { kind: "malformed", httpStatus: 200 }, T.UNEXPECTED_STATE, 500],
    ["config", { kind: "config" }, T.UNEXPECTED_STATE, 500],
  ]

  it.each(table)("%s → %s (HTTP %d), keeping the lender's words", (_name, init, type, httpStatus) => {
    const lenderError = new LenderError({ ...base, lenderCode: "E42", ...init })
    const medusaError = toMedusaError(lenderError)
    expect(medusaError).toBeInstanceOf(MedusaError)
    expect(medusaError.type).toBe(type)
    expect(medusaError.message).toContain(lenderError.message)
    const { statusCode, body } = getHttpResponseFromError(medusaError)
    expect(statusCode).toBe(httpStatus)
    // The shopper/admin sees the lender, the operation and the lender code.
    expect(body.message).toContain("Payment Assist capture failed")
    expect(body.message).toContain("[E42]")
  })

  it.each([401, 403])("a lender %d blames the store's credentials, never the shopper's session", (status) => {
    const medusaError = toMedusaError(new LenderError({ ...base, httpStatus: status }))
    expect(medusaError.message).toContain("rejected the store's credentials")
    expect(getHttpResponseFromError(medusaError).statusCode).not.toBe(401)
    expect(getHttpResponseFromError(medusaError).statusCode).not.toBe(403)
  })

  it("turns an unknown error into a generic message that leaks nothing it carried", () => {
    const raw = new Error(
      "connect to https://api.lender.test/?api_key=sk_live_abcdef failed\n    at Socket.<anonymous>",
    )
    const medusaError = toMedusaError(raw, { lenderName: "FlexShopper", operation: "refund" })
    expect(medusaError.type).toBe(MedusaError.Types.UNEXPECTED_STATE)
    expect(medusaError.message).toBe(
      "FlexShopper refund failed: an unexpected error occurred. See the server logs for details.",
    )
    expect(toMedusaError("boom").message).toBe(
      "Lender request failed: an unexpected error occurred. See the server logs for details.",
    )
  })

  it("passes MedusaErrors through and maps amount errors to INVALID_DATA", () => {
    const existing = new MedusaError(MedusaError.Types.NOT_ALLOWED, "nope")
    expect(toMedusaError(existing)).toBe(existing)
    const moneyError = Object.assign(new Error('amount must have at most 2 decimals, got string "1.234"'), {
      name: "MoneyError",
    })
    expect(toMedusaError(moneyError)).toMatchObject({
      type: MedusaError.Types.INVALID_DATA,
      message: moneyError.message,
    })
  })
})
