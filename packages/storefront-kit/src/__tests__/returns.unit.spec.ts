// The return route: a lender's return becomes the starter's order page (cart cookie cleared) or
// the payment step with a reason code; the message shown comes from the kit, never from the URL.
import { createFinancingClient } from "../client"
import { fromMonthly } from "../messaging"
import { decimalText, formatTotal, percentText } from "../money"
import {
  bouncePage,
  checkoutNotice,
  createFinancingReturnHandler,
  orderReturnPath,
  readFinancingReturn,
  reasonMessage,
} from "../returns"
import { startStub } from "./stub-server"

const PAID = "cart_01PAIDPAIDPAIDPAIDPAIDPAID0"
const OPEN = "cart_01OPENOPENOPENOPENOPENOPEN0"
const US = "cart_01USUSUSUSUSUSUSUSUSUSUSU0"

describe("readFinancingReturn", () => {
  const read = (path: string) => readFinancingReturn(new URL(path, "https://shop.example"))

  it("reads each lender's success and failure", () => {
    expect(read(`/api/financing/payment-assist/success?cart_id=${PAID}&order_id=order_1`)).toEqual({
      lender: "payment-assist",
      outcome: "success",
      cartId: PAID,
    })
    expect(read(`/api/financing/payment-assist/failure?reason=declined&cart_id=${OPEN}`)).toEqual({
      lender: "payment-assist",
      outcome: "failure",
      cartId: OPEN,
      reason: "declined",
    })
    expect(
      read(`/api/financing/vault/failure?lender=vault&cart_id=${OPEN}&reason=authentication_failed`),
    ).toMatchObject({ lender: "vault", outcome: "failure", reason: "authentication_failed" })
    expect(read(`/api/financing/newday?step=payment&cart_id=${OPEN}&newday=signed_in`)).toEqual({
      lender: "newday",
      outcome: "signed_in",
      cartId: OPEN,
    })
    expect(read(`/api/financing/newday?cart_id=${PAID}&order_id=order_1&newday=authorised`)).toMatchObject({
      outcome: "success",
      cartId: PAID,
    })
    expect(read(`/api/financing/newday?cart_id=${OPEN}&newday=sca_failed&reason=too_many_attempts`)).toMatchObject({
      outcome: "failure",
      reason: "too_many_attempts",
    })
  })

  it("treats anything odd as a failure with an unknown reason, and ignores non-lenders", () => {
    expect(read(`/api/financing/vault/whatever?cart_id=${OPEN}`)).toMatchObject({
      outcome: "failure",
      reason: "unknown",
    })
    expect(read(`/api/financing/vault/failure?cart_id=${OPEN}&reason=<script>`)).toMatchObject({ reason: "unknown" })
    expect(read(`/api/financing/vault/success?cart_id=not-a-cart`)).toMatchObject({ outcome: "success", cartId: null })
    expect(read("/api/financing/stripe/success")).toBeUndefined()
    expect(read("/api/financing/constructor/success")).toBeUndefined()
  })
})

describe("createFinancingReturnHandler", () => {
  let stub: Awaited<ReturnType<typeof startStub>>
  let GET: (request: Request) => Promise<Response>
  beforeAll(async () => {
    stub = await startStub({
      [`GET /store/carts/${PAID}`]: () => ({ body: { cart: { id: PAID, shipping_address: { country_code: "GB" } } } }),
      [`GET /store/carts/${OPEN}`]: () => ({ body: { cart: { id: OPEN, shipping_address: { country_code: "gb" } } } }),
      [`GET /store/carts/${US}`]: () => ({ body: { cart: { id: US, shipping_address: { country_code: "us" } } } }),
      [`POST /store/carts/${PAID}/complete`]: () => ({
        body: { type: "order", order: { id: "order_01PAID", shipping_address: { country_code: "gb" } } },
      }),
      [`POST /store/carts/${OPEN}/complete`]: () => ({
        body: { type: "cart", cart: { id: OPEN }, error: { message: "Payment Assist has not approved it" } },
      }),
    })
    GET = createFinancingReturnHandler({ sdk: stub.sdk, defaultCountryCode: "dk" })
  })
  afterAll(() => stub.close())
  beforeEach(() => stub.requests.splice(0))

  const visit = (path: string) => GET(new Request(new URL(path, "https://shop.example")))
  /** Where a bounce page (200, meta refresh) moves on to. */
  const bounceTarget = async (response: Response) => {
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toMatch(/^text\/html/)
    const match = /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(await response.text())
    return match?.[1].replace(/&#38;/g, "&")
  }
  const completions = () => stub.requests.filter((r) => r.path.endsWith("/complete")).length

  it("sends a paid return to the starter's order confirmation and clears the cart cookie", async () => {
    const response = await visit(`/api/financing/payment-assist/success?cart_id=${PAID}&order_id=order_SPOOFED`)
    expect(response.status).toBe(303)
    // The order comes from Medusa, not from the order_id in the URL.
    expect(response.headers.get("location")).toBe("https://shop.example/gb/order/order_01PAID/confirmed")
    expect(response.headers.get("set-cookie")).toMatch(/^_medusa_cart_id=; Path=\/; Max-Age=0/)
  })

  it("sends a decline back to the payment step without completing the cart", async () => {
    const response = await visit(`/api/financing/vault/failure?lender=vault&cart_id=${OPEN}&reason=declined`)
    // A page that moves on by itself: the starter's SameSite=Strict cart cookie comes back with it.
    expect(await bounceTarget(response)).toBe(
      "https://shop.example/gb/checkout?step=payment&financing=vault&reason=declined",
    )
    expect(response.headers.get("set-cookie")).toBeNull()
    expect(completions()).toBe(0)
  })

  it("says the order could not be placed when completion is refused", async () => {
    const response = await visit(`/api/financing/payment-assist/success?cart_id=${OPEN}`)
    expect(await bounceTarget(response)).toBe(
      "https://shop.example/gb/checkout?step=payment&financing=payment-assist&reason=not_completed",
    )
  })

  it("brings a NewDay sign-in back to the payment step of the cart's country", async () => {
    const response = await visit(`/api/financing/newday?cart_id=${US}&newday=signed_in`)
    expect(await bounceTarget(response)).toBe(
      "https://shop.example/us/checkout?step=payment&financing=newday&signed_in=1",
    )
    expect(completions()).toBe(0)
  })

  it("uses the default country when the cart cannot be read, and 404s on other paths", async () => {
    const response = await visit("/api/financing/flexshopper/success?cart_id=cart_01MISSINGMISSINGMISSINGMIS")
    expect(await bounceTarget(response)).toBe(
      "https://shop.example/dk/checkout?step=payment&financing=flexshopper&reason=not_completed",
    )
    expect((await visit("/api/financing/other/success")).status).toBe(404)
  })
})

describe("checkoutNotice and messages", () => {
  const notice = (query: string) => checkoutNotice(new URLSearchParams(query))

  it("turns a reason code into the lender's words", () => {
    expect(notice("step=payment&financing=vault&reason=authentication_failed")).toEqual({
      lender: "vault",
      providerId: "pp_vault_vault",
      tone: "error",
      resume: false,
      message:
        "Your bank could not authenticate the card payment (3-D Secure). Nothing has been charged. Please choose another way to pay.",
    })
    expect(notice("financing=newday&reason=too_many_attempts")?.message).toMatch(
      /^NewDay stopped the security check after too many incorrect codes\./,
    )
    expect(notice("financing=payment-assist&reason=not_completed")?.message).toMatch(
      /^The Payment Assist application was not finished/,
    )
  })

  it("never shows text from the URL", () => {
    const shown = notice("financing=vault&reason=Call+0800+000+000+to+pay")?.message ?? ""
    expect(shown).not.toMatch(/0800/)
    expect(shown).toBe("Vault did not confirm the payment. Nothing has been charged. Please choose another way to pay.")
    expect(reasonMessage("flexshopper", "constructor")).toMatch(/^FlexShopper did not confirm the payment/)
  })

  it("resumes NewDay after sign-in and ignores unrelated queries", () => {
    expect(notice("financing=newday&signed_in=1")).toMatchObject({
      providerId: "pp_newday_newday",
      resume: true,
      tone: "info",
    })
    expect(notice("step=payment")).toBeUndefined()
    expect(notice("financing=vault")).toBeUndefined()
  })

  it("escapes the bounce page's target", () => {
    expect(bouncePage('https://shop.example/x?a=1&b="<script>')).toContain(
      "https://shop.example/x?a=1&#38;b=&#34;&#60;script&#62;",
    )
  })

  it("builds the hand-off path a journey uses once the order exists", () => {
    expect(orderReturnPath("flexshopper", US)).toBe(`/api/financing/flexshopper/success?cart_id=${US}`)
  })
})

describe("product-page messaging", () => {
  let stub: Awaited<ReturnType<typeof startStub>>
  const promotion = (instalment: string, lender: string) => ({
    headline: `From £${instalment} a month with ${lender}`,
    representative_example: `Representative example: ${lender} at £${instalment}.`,
    figures: { instalment },
  })
  const offer = (lender: string, p: ReturnType<typeof promotion> | null) => ({
    lender,
    provider_id: `pp_${lender}_${lender}`,
    name: lender,
    description: null,
    promotion: p,
  })
  const answers: Record<string, unknown[]> = {
    "450": [offer("payment-assist", promotion("112.50", "PA")), offer("newday", promotion("20.00", "NewDay"))],
    "120": [offer("payment-assist", promotion("30.00", "PA")), offer("newday", promotion("30.00", "NewDay"))],
    "50": [offer("payment-assist", null), offer("vault", null)],
  }
  beforeAll(async () => {
    stub = await startStub({
      "GET /store/financing/offers": (r) =>
        r.query.amount === "999"
          ? { status: 503, body: { message: "down" } }
          : { body: { offers: answers[r.query.amount] ?? [], not_offered: [] } },
    })
  })
  afterAll(() => stub.close())

  it("shows the lowest monthly figure with its representative example, the owner's order first on a tie", async () => {
    const client = createFinancingClient(stub.sdk)
    await expect(fromMonthly(client, "450", "gbp", "GB")).resolves.toEqual({
      lender: "newday",
      text: "From £20.00 a month with NewDay",
      representative_example: "Representative example: NewDay at £20.00.",
    })
    expect(stub.requests.at(-1)?.query).toMatchObject({ amount: "450", currency_code: "gbp", country_code: "gb" })
    await expect(fromMonthly(client, "120", "GBP")).resolves.toMatchObject({ lender: "payment-assist" })
    // Offered, but nothing promoted (messaging off, or no quote): no figure at all.
    await expect(fromMonthly(client, "50", "gbp")).resolves.toBeNull()
  })

  it("asks nothing for malformed prices or currencies, and survives an outage", async () => {
    const client = createFinancingClient(stub.sdk)
    stub.requests.splice(0)
    await expect(fromMonthly(client, "4.50505", "gbp")).resolves.toBeNull()
    await expect(fromMonthly(client, "450", "pounds")).resolves.toBeNull()
    expect(stub.requests).toHaveLength(0)
    await expect(fromMonthly(client, "999", "gbp")).resolves.toBeNull()
  })

  it("formats money through whole minor units", () => {
    expect(decimalText(459.95)).toBe("459.95")
    expect(decimalText(0.1 + 0.2)).toBe("0.30")
    expect(decimalText(-1)).toBeNull()
    expect(formatTotal(1234.5, "usd")).toBe("$1234.50")
    expect(percentText(0.199)).toBe("19.9%")
    expect(percentText(0)).toBe("0%")
  })
})
