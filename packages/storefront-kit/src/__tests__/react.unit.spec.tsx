// The React components' first render (server-side, as Next.js renders client components first)
// and the pure pieces they show. Journeys that need a browser are driven in Chromium by
// integration-tests/browser (official starter).
import { renderToStaticMarkup } from "react-dom/server"
import { createFinancingClient } from "../client"
import { FinancingCheckout, FinancingOffer, FinancingProductMessage, describeSpendOption } from "../react"
import { startStub } from "./stub-server"

const CART = { id: "cart_01JABCDEFGHJKMNPQRSTVWXYZ0", total: 459.95, currency_code: "gbp", email: "a@example.com" }

describe("storefront kit components", () => {
  let stub: Awaited<ReturnType<typeof startStub>>
  beforeAll(async () => {
    stub = await startStub({
      [`GET /store/carts/${CART.id}`]: () => ({
        body: {
          cart: { id: CART.id, region_id: "reg_1", payment_collection: { id: "pay_col_1", payment_sessions: [] } },
        },
      }),
      "POST /store/payment-collections/pay_col_1/payment-sessions": (r) => ({
        body: {
          payment_collection: {
            id: "pay_col_1",
            payment_sessions: [
              {
                provider_id: "pp_vault_vault",
                data: {
                  type: (r.body as { data: { type: string } }).data.type,
                  checkout_url: "https://vault.example/pay/1",
                },
              },
            ],
          },
        },
      }),
    })
  })
  afterAll(() => stub.close())
  const client = () => createFinancingClient(stub.sdk)

  it("renders each lender's pitch under its payment option before the quote arrives, nothing for other providers", () => {
    expect(
      renderToStaticMarkup(
        <FinancingOffer client={client()} cart={CART} providerId="pp_payment-assist_payment-assist" />,
      ),
    ).toContain("interest-free instalments")
    expect(
      renderToStaticMarkup(<FinancingOffer client={client()} cart={CART} providerId="pp_flexshopper_flexshopper" />),
    ).toContain('data-testid="financing-offer-flexshopper"')
    expect(renderToStaticMarkup(<FinancingOffer client={client()} cart={CART} providerId="pp_stripe_stripe" />)).toBe(
      "",
    )
  })

  it("starts each journey in its first state", () => {
    const render = (providerId: string) =>
      renderToStaticMarkup(
        <FinancingCheckout client={client()} cart={CART} providerId={providerId} onFailed={() => undefined} />,
      )
    expect(render("pp_payment-assist_payment-assist")).toContain('data-testid="payment-assist-continue"')
    expect(render("pp_vault_vault")).toContain('data-testid="vault-pay-card"')
    expect(render("pp_newday_newday")).toContain("Checking NewDay")
    expect(render("pp_flexshopper_flexshopper")).toContain("Checking FlexShopper")
    expect(render("pp_system_default")).toBe("")
  })

  it("shows no product message until a lender quotes the price", () => {
    expect(renderToStaticMarkup(<FinancingProductMessage client={client()} amount={450} currencyCode="gbp" />)).toBe("")
  })

  it("describes a NewDay spend option with only the figures NewDay gave", () => {
    expect(
      describeSpendOption({
        name: "12 months",
        spend_type: "Instalment",
        interest_rate: 0.199,
        duration: 12,
        monthly_payment: "45.96",
        total_repayable: "551.52",
      }),
    ).toBe("£45.96 a month for 12 months · 19.9% interest · £551.52 in total")
    expect(describeSpendOption({ name: "Credit", spend_type: "Purchase", interest_rate: 0.299 })).toBe(
      "flexible monthly repayments · 29.9% interest",
    )
  })

  it("opens Vault's card page through Medusa's stock session route with type CHECKOUT", async () => {
    stub.requests.splice(0)
    await expect(client().vault.startCardPayment(CART.id)).resolves.toBe("https://vault.example/pay/1")
    const session = stub.requests.find((r) => r.path.endsWith("/payment-sessions"))
    expect(session?.body).toEqual({ provider_id: "pp_vault_vault", data: { type: "CHECKOUT" } })
  })
})
