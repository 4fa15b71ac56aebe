import { newDayLender, paymentAssistLender, vaultLender } from "../../../providers/lenders"
import { lenderSettingsPatch, settingsView } from "../lender-settings"
import { effectiveLenderSettings } from "../../../provider-kit/offer-rules"
import { settingsRecord } from "../../../modules/financing/__fixtures__/lender-settings-record"

describe("lenderSettingsPatch", () => {
  it("turns major-unit text into minor units and lower-cases codes", () => {
    expect(
      lenderSettingsPatch(paymentAssistLender, {
        enabled: false,
        limits: { GBP: { min: "50", max: "3000.00" } },
        countries: ["GB"],
      }),
    ).toEqual({ enabled: false, limits: { gbp: { min: 5000, max: 300000 } }, countries: ["gb"], currencies: undefined })
    expect(lenderSettingsPatch(vaultLender, { limits: null, currencies: ["EUR", "gbp"] })).toEqual({
      limits: null,
      currencies: ["eur", "gbp"],
      countries: undefined,
    })
  })

  it.each([
    [
      { limits: { gbp: { min: 10.5 } } },
      "Payment Assist settings: limits.gbp.min must be an amount in major units as text",
    ],
    [
      { limits: { gbp: { max: "1.001" } } },
      "Payment Assist settings: limits.gbp.max has more decimals than GBP allows",
    ],
    [{ limits: { gbp: { min: "9", max: "8" } } }, "limits.gbp.min must not be above limits.gbp.max"],
    [{ limits: { eur: { min: "1" } } }, "limits.eur: Payment Assist is not offered in EUR"],
    [{ currencies: ["usd"] }, "currencies: Payment Assist lends in GBP only"],
    [{ countries: ["us"] }, "countries: Payment Assist lends in GB only"],
    [{ display_name: "" }, "display_name"],
    [{ position: 1.5 }, "position"],
    [{ secret: "x" }, "unknown field(s) secret"],
    [{ capture_on: "sideways" }, "Payment Assist settings: capture_on must be one of approval, manual"],
  ])("refuses %j naming the lender and the field", (body, message) => {
    expect(() => lenderSettingsPatch(paymentAssistLender, body)).toThrow(message)
  })

  it("accepts a limit in a currency the owner adds for a lender of any currency", () => {
    expect(lenderSettingsPatch(vaultLender, { currencies: ["eur"], limits: { eur: { max: "500" } } }).limits).toEqual({
      eur: { min: null, max: 50000 },
    })
    expect(() => lenderSettingsPatch(vaultLender, { currencies: ["eur"], limits: { gbp: { max: "500" } } })).toThrow(
      "limits.gbp: Vault is not offered in GBP",
    )
  })
})

describe("settingsView", () => {
  it("shows limits back in major units as text", () => {
    const settings = effectiveLenderSettings(
      newDayLender,
      settingsRecord("newday", { limits: { gbp: { min: 1000, max: null } } }),
      2,
    )
    expect(settingsView(settings).limits).toEqual({ gbp: { min: "10.00", max: null } })
  })
})
