import { z } from "@medusajs/framework/zod"
import { MedusaError } from "@medusajs/framework/utils"
import { validateRequestWithoutEcho } from "../validate-request"

const schema = z.object({ cart_id: z.string().min(1), ssn: z.string().regex(/^\d{3}-?\d{2}-?\d{4}$/, "ssn must be 9 digits") })

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
