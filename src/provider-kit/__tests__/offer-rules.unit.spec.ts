import { settingsRecord } from "../../modules/financing/__fixtures__/lender-settings-record"
import type { LenderSettingsRecord } from "../../modules/financing/types"
import { byOwnerOrder, effectiveLenderSettings, offerVerdict } from "../offer-rules"

const lender = { slug: "payment-assist", name: "Payment Assist", currencies: ["gbp"], markets: ["gb"] }

const saved = (fields: Partial<LenderSettingsRecord>) => settingsRecord("payment-assist", fields)

describe("effectiveLenderSettings", () => {
  it("keeps the lender's defaults where the owner set nothing", () => {
    expect(effectiveLenderSettings(lender, undefined, 3)).toEqual({
      lender: "payment-assist",
      enabled: true,
      display_name: "Payment Assist",
      description: null,
      limits: {},
      countries: ["gb"],
      currencies: ["gbp"],
      position: 3,
      capture_on: null,
      messaging: true,
      promotion_text: null,
      representative_apr: null,
      plans: null,
      mode: null,
      credential_names: {},
      from_admin: [],
    })
    expect(effectiveLenderSettings({ slug: "vault", name: "Vault" }, undefined, 0)).toMatchObject({
      countries: "any",
      currencies: "any",
    })
  })

  it("takes the owner's values, lower-cases codes and names what came from the admin", () => {
    const settings = effectiveLenderSettings(
      lender,
      saved({ enabled: false, display_name: "Spread the cost", countries: ["GB", "IE"], position: 0 }),
      3,
    )
    expect(settings).toMatchObject({
      enabled: false,
      display_name: "Spread the cost",
      countries: ["gb", "ie"],
      position: 0,
    })
    expect(settings.from_admin).toEqual(["enabled", "display_name", "countries", "position"])
  })
})

describe("offerVerdict", () => {
  const limited = effectiveLenderSettings(lender, saved({ limits: { gbp: { min: 5000, max: 300000 } } }), 0)
  const facts = (amount: number, currency = "gbp", country: string | null = "gb") => ({ amount, currency, country })

  it.each([
    [5000, true],
    [4999, false],
    [300000, true],
    [300001, false],
  ])("applies the limits to the minor unit (%i pence → offered %s)", (amount, expected) => {
    expect(offerVerdict(limited, facts(amount)).offered).toBe(expected)
  })

  it("says why, in words a shopper can read", () => {
    expect(offerVerdict(limited, facts(4999))).toEqual({
      offered: false,
      reason: "below_minimum",
      message: "Payment Assist is available for orders of 50.00 GBP or more.",
    })
    expect(offerVerdict(limited, facts(300001))).toMatchObject({
      reason: "above_maximum",
      message: "Payment Assist is available for orders up to 3000.00 GBP.",
    })
    expect(offerVerdict(limited, facts(10000, "USD"))).toMatchObject({ reason: "currency" })
    expect(offerVerdict(limited, facts(10000, "gbp", "FR"))).toMatchObject({ reason: "country" })
    const off = effectiveLenderSettings(lender, saved({ enabled: false }), 0)
    expect(offerVerdict(off, facts(10000))).toMatchObject({
      reason: "disabled",
      message: "Payment Assist is not available in this store.",
    })
  })

  it("does not judge the country when it is unknown, nor limits in other currencies", () => {
    expect(offerVerdict(limited, facts(10000, "gbp", null))).toEqual({ offered: true })
    const vault = effectiveLenderSettings(
      { slug: "vault", name: "Vault" },
      saved({ lender: "vault", limits: { gbp: { min: null, max: 1000 } } }),
      0,
    )
    expect(offerVerdict(vault, facts(999999, "usd", "us"))).toEqual({ offered: true })
    expect(offerVerdict(vault, facts(1001, "gbp", "gb"))).toMatchObject({ reason: "above_maximum" })
  })
})

describe("byOwnerOrder", () => {
  it("sorts by position and keeps the registry's order on ties", () => {
    const lenders = [
      { id: "a", position: 1 },
      { id: "b", position: 0 },
      { id: "c", position: 1 },
    ]
    expect(byOwnerOrder(lenders).map((l) => l.id)).toEqual(["b", "a", "c"])
  })
})
