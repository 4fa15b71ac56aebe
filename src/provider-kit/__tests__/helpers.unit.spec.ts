import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { flexShopperLender } from "../../providers/flexshopper/lender"
import { financingPaymentProviders } from "../../config"
import { lenderFromProviderId, providerIdFor } from "../../lenders/slugs"
import { findLenderProviderOptions, requireLenderProviderOptions } from "../provider-options"
import { nextSessionData, paymentSessionIdOf, stringField } from "../session-data"
import { financingUrls, joinUrl, withQuery } from "../urls"
import { cachedClient } from "../client-cache"

const containerWith = (providers: unknown[]) => ({
  resolve: (key: string) => {
    if (key !== ContainerRegistrationKeys.CONFIG_MODULE) throw new Error(`unexpected ${key}`)
    return { modules: { payment: { resolve: "@medusajs/medusa/payment", options: { providers } } } }
  },
})

describe("provider options lookup", () => {
  const entries = [
    { resolve: "@medusajs/payment-stripe", id: "stripe", options: { apiKey: "sk" } },
    { resolve: "medusa-plugin-financing/providers/vault", id: "shop-vault", options: { clientId: "v" } },
    { resolve: "./src/providers/payment-assist", id: "payment-assist", options: { apiKey: "pa" } },
  ]

  it("finds a lender's options by id or by the provider path", () => {
    expect(findLenderProviderOptions(containerWith(entries), "payment-assist")).toEqual({ apiKey: "pa" })
    expect(findLenderProviderOptions(containerWith(entries), "vault")).toEqual({ clientId: "v" })
    expect(findLenderProviderOptions(containerWith(entries), "newday")).toBeUndefined()
  })

  it("answers NOT_FOUND naming the lender when a route needs an unconfigured lender", () => {
    expect(() => requireLenderProviderOptions(containerWith(entries), flexShopperLender)).toThrow(
      expect.objectContaining({ type: MedusaError.Types.NOT_FOUND, message: expect.stringContaining("FlexShopper") }),
    )
  })
})

describe("session data", () => {
  it("takes the session id from data, else from a payses_ idempotency key", () => {
    expect(paymentSessionIdOf({ data: { session_id: "payses_a" }, context: { idempotency_key: "payses_b" } })).toBe(
      "payses_a",
    )
    expect(paymentSessionIdOf({ data: {}, context: { idempotency_key: "payses_b" } })).toBe("payses_b")
    expect(paymentSessionIdOf({ data: {}, context: { idempotency_key: "capt_1" } })).toBeUndefined()
  })

  it("rebuilds data from the previous object; undefined removes a key; nothing is mutated", () => {
    const previous = { session_id: "payses_a", token: "t1", url: "https://x" }
    const next = nextSessionData(previous, { token: "t2", url: undefined, status: "pending" })
    expect(next).toEqual({ session_id: "payses_a", token: "t2", status: "pending" })
    expect(previous).toEqual({ session_id: "payses_a", token: "t1", url: "https://x" })
    expect(stringField(next, "token")).toBe("t2")
    expect(stringField({ n: 1 }, "n")).toBeUndefined()
  })
})

describe("urls", () => {
  it("builds the lender callback URLs on the backend, whatever the slashes", () => {
    expect(financingUrls("https://shop.example/", "newday")).toEqual({
      returnUrl: "https://shop.example/financing/newday/return",
      webhookUrl: "https://shop.example/hooks/financing/newday",
      coreWebhookUrl: "https://shop.example/hooks/payment/newday_newday",
    })
    expect(joinUrl("https://a.example/base/", "/x")).toBe("https://a.example/base/x")
  })

  it("adds query parameters next to an existing query and before a fragment", () => {
    expect(withQuery("https://s.example/done?step=2#top", { cart_id: "cart_1", reason: undefined })).toBe(
      "https://s.example/done?step=2&cart_id=cart_1#top",
    )
  })
})

describe("slugs", () => {
  it("maps lenders to Medusa provider ids and back", () => {
    expect(providerIdFor("payment-assist")).toBe("pp_payment-assist_payment-assist")
    expect(lenderFromProviderId("pp_vault_vault")).toBe("vault")
    expect(lenderFromProviderId("pp_vault_custom-id")).toBe("vault")
    expect(lenderFromProviderId("pp_stripe_stripe")).toBeUndefined()
    expect(lenderFromProviderId(undefined)).toBeUndefined()
  })
})

describe("client cache", () => {
  it("creates one client per options object and kind", () => {
    const options = {}
    const create = jest.fn(() => ({}))
    const a = cachedClient(options, "api", create)
    expect(cachedClient(options, "api", create)).toBe(a)
    expect(cachedClient(options, "oauth", create)).not.toBe(a)
    expect(cachedClient({}, "api", create)).not.toBe(a)
    expect(create).toHaveBeenCalledTimes(3)
  })
})

describe("financingPaymentProviders", () => {
  it("offers no lender when the environment configures none", () => {
    expect(financingPaymentProviders({ env: {}, backendUrl: "https://shop.example" })).toEqual([])
  })
})
