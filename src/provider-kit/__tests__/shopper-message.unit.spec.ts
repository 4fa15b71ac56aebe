import { MedusaError } from "@medusajs/framework/utils"
import { LenderError } from "../../lenders/errors"
import { toMedusaError } from "../medusa-error"
import { authorizeOutageError, shopperFacing, shopperMessage, toShopperError } from "../shopper-message"

const outage = () =>
  new LenderError({
    lender: "flexshopper",
    lenderName: "FlexShopper",
    operation: "auth-code",
    kind: "http",
    httpStatus: 503,
    lenderCode: "ServiceUnavailable",
    lenderMessage: "Sandbox fault: injected HTTP 503",
  })

describe("shopperMessage", () => {
  it("turns a lender outage into plain words, before or after it became a MedusaError", () => {
    const plain =
      "FlexShopper isn't available right now — nothing has been charged; try again or choose another way to pay."
    expect(shopperMessage("FlexShopper", outage())).toBe(plain)
    const converted = toMedusaError(outage())
    expect(converted.message).toMatch(/Sandbox fault/)
    expect(shopperMessage("FlexShopper", converted)).toBe(plain)
    expect(shopperFacing("FlexShopper", converted).problem).toBe("unavailable")
  })

  it("keeps the kind of failure: a decline, refused details, a wrong step", () => {
    const decline = new LenderError({
      lender: "newday",
      lenderName: "NewDay NewPay",
      operation: "authorise",
      kind: "http",
      httpStatus: 403,
      declined: true,
      lenderMessage: "Declined",
    })
    expect(toShopperError("NewDay NewPay", toMedusaError(decline))).toMatchObject({
      type: MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
      message: expect.stringMatching(/^NewDay NewPay didn't approve this/),
    })
    const refused = toMedusaError(
      new LenderError({
        lender: "vault",
        lenderName: "Vault",
        operation: "sign-in",
        kind: "http",
        httpStatus: 400,
        lenderMessage: "Bad credentials",
      }),
    )
    expect(toShopperError("Vault", refused)).toMatchObject({
      type: MedusaError.Types.INVALID_DATA,
      message: expect.stringMatching(/^Vault couldn't accept the details given/),
    })
    const conflict = toMedusaError(
      new LenderError({
        lender: "payment-assist",
        lenderName: "Payment Assist",
        operation: "capture",
        kind: "http",
        httpStatus: 409,
        lenderMessage: "already captured",
      }),
    )
    expect(toShopperError("Payment Assist", conflict).type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(toShopperError("Payment Assist", conflict).message).not.toMatch(/409|already captured/)
  })

  it("passes the plugin's own messages through unchanged, and hides anything unknown", () => {
    const own = new MedusaError(MedusaError.Types.INVALID_DATA, "FlexShopper: cart_id is required")
    expect(toShopperError("FlexShopper", own)).toBe(own)
    expect(shopperMessage("Vault", new Error("ECONNRESET at socket 10.0.0.1"))).toMatch(
      /^Vault isn't available right now/,
    )
  })
})

describe("authorizeOutageError", () => {
  it("makes an outage at authorise a payment-authorization error in plain words (Medusa's { type: 'cart' } answer)", () => {
    const error = authorizeOutageError("NewDay NewPay", toMedusaError(outage())) as MedusaError
    expect(error.type).toBe(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR)
    expect(error.message).toMatch(/^NewDay NewPay isn't answering right now — if NewDay NewPay approved the payment/)
    expect(error.message).not.toMatch(/Sandbox|503/)
    expect((authorizeOutageError("Payment Assist", new Error("socket hang up")) as MedusaError).type).toBe(
      MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
    )
  })

  it("passes declines and the plugin's own messages through unchanged", () => {
    const decline = new MedusaError(
      MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
      "Payment Assist application is failed (declined or abandoned by the shopper); choose another payment method or start a new application.",
    )
    expect(authorizeOutageError("Payment Assist", decline)).toBe(decline)
    const own = new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "NewDay NewPay authorize failed: the payment session id is missing from data.session_id",
    )
    expect((authorizeOutageError("NewDay NewPay", own) as MedusaError).type).not.toBe(
      MedusaError.Types.UNEXPECTED_STATE,
    )
  })
})
