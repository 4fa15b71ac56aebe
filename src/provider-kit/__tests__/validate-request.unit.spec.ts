import { z } from "@medusajs/framework/zod"
import { MedusaError } from "@medusajs/framework/utils"
import {
  cartIdSchema,
  refuseNulCharacters,
  refusePrototypeKeys,
  validateCartIdParam,
  validateRequestWithoutEcho,
} from "../validate-request"

const schema = z.object({
  cart_id: z.string().min(1),
  ssn: z.string().regex(/^\d{3}-?\d{2}-?\d{4}$/, "ssn must be 9 digits"),
})

function run(body: unknown) {
  const req: any = { body }
  let error: unknown
  validateRequestWithoutEcho("FlexShopper", schema, "body")(req, {} as any, (e?: unknown) => (error = e))
  return { req, error: error as MedusaError | undefined }
}

describe("validateRequestWithoutEcho", () => {
  it("passes valid bodies on as validatedBody", () => {
    const { req, error } = run({ cart_id: "cart_1", ssn: "666-10-0001" })
    expect(error).toBeUndefined()
    expect(req.validatedBody).toEqual({ cart_id: "cart_1", ssn: "666-10-0001" })
  })

  it("names the lender and the field, and never echoes the submitted value", () => {
    for (const ssn of [123456789, "not-an-ssn-42", { nested: "secret-value" }]) {
      const { error } = run({ cart_id: "cart_1", ssn })
      expect(error).toBeInstanceOf(MedusaError)
      expect(error!.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error!.message).toMatch(/^FlexShopper: .*ssn/)
      expect(error!.message).not.toContain("123456789")
      expect(error!.message).not.toContain("not-an-ssn-42")
      expect(error!.message).not.toContain("secret-value")
    }
  })
})

describe("one policy for every plugin store route", () => {
  const strict = z.object({ cart_id: cartIdSchema() }).strict()
  const call = (middleware: (req: any, res: any, next: (e?: unknown) => void) => void, req: any) => {
    let error: MedusaError | undefined
    middleware(req, {}, (e?: unknown) => (error = e as MedusaError | undefined))
    return error
  }

  it("refuses unknown fields, naming them (short and sanitised)", () => {
    const error = call(validateRequestWithoutEcho("Vault", strict, "body"), {
      body: { cart_id: "cart_01HZZZZZZZZZZZZZZZZZZZZZZZ", discount: "X", ["k".repeat(500)]: 1 },
    })
    expect(error?.message).toMatch(/^Vault: unknown fields: discount, k+… \(not accepted\)$/)
    expect(error!.message.length).toBeLessThan(120)
  })

  it("checks cart ids for shape and length without echoing them", () => {
    for (const id of ["cart_" + "A".repeat(5000), "cart_<script>", "x", "cart_01hzzzzzzzzzzzzzzzzzzzzzzz"]) {
      const error = call(validateRequestWithoutEcho("Payment Assist", strict, "body"), { body: { cart_id: id } })
      expect(error?.message).toMatch(/^Payment Assist: cart_id (must be a Medusa cart id|is too long)/)
      expect(error!.message).not.toContain(id)
    }
    expect(call(validateCartIdParam("NewDay NewPay"), { params: { id: "cart_" + "9".repeat(300) } })?.message).toBe(
      "NewDay NewPay: id is too long to be a cart id",
    )
    expect(
      call(validateCartIdParam("NewDay NewPay"), { params: { id: "cart_01HZZZZZZZZZZZZZZZZZZZZZZZ" } }),
    ).toBeUndefined()
  })

  it("refuses a NUL character anywhere — query, body, nested, a key, the path — naming the field and the lender", () => {
    const nul = refuseNulCharacters()
    const base = {
      originalUrl: "/store/financing/flexshopper/session",
      path: "/store/financing/flexshopper/session",
      query: {},
      params: {},
      body: {},
    }
    expect(call(nul, { ...base, body: { cart_id: "cart_1\u0000" } })?.message).toBe(
      "FlexShopper: cart_id must not contain a NUL character",
    )
    expect(call(nul, { ...base, query: { cart_id: "a\u0000" } })?.message).toBe(
      "FlexShopper: cart_id must not contain a NUL character",
    )
    expect(call(nul, { ...base, body: { bank_account: { routing_number: "\u0000" } } })?.message).toBe(
      "FlexShopper: bank_account.routing_number must not contain a NUL character",
    )
    expect(call(nul, { ...base, body: { ["a\u0000"]: 1 } })?.message).toBe(
      "FlexShopper: a field name must not contain a NUL character",
    )
    expect(call(nul, { ...base, originalUrl: "/store/financing/newday/carts/cart_1%00/sign-in" })?.message).toBe(
      "NewDay NewPay: path must not contain a NUL character",
    )
    expect(call(nul, { ...base, originalUrl: "/hooks/financing/vault", body: { ok: "fine" } })).toBeUndefined()
  })

  it("refuses a __proto__ key anywhere in the stock payment-session body, naming the field and the provider's lender", () => {
    const guard = refusePrototypeKeys()
    const base = {
      originalUrl: "/store/payment-collections/pay_col_1/payment-sessions",
      path: "/store/payment-collections/pay_col_1/payment-sessions",
      query: {},
      params: {},
    }
    const body = (data: string) => JSON.parse(`{"provider_id":"pp_payment-assist_payment-assist","data":${data}}`)
    expect(call(guard, { ...base, body: body(`{"__proto__":{"route_ticket":"x"}}`) })?.message).toBe(
      "Payment Assist: data.__proto__ is not an accepted field name",
    )
    expect(call(guard, { ...base, body: body(`{"a":{"b":{"__proto__":[]}}}`) })?.message).toBe(
      "Payment Assist: data.a.b.__proto__ is not an accepted field name",
    )
    expect(call(guard, { ...base, body: body(`{"constructor":"fine","prototype":1}`) })).toBeUndefined()
  })
})
