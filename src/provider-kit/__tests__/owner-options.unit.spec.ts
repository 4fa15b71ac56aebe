import { settingsRecord } from "../../modules/financing/__fixtures__/lender-settings-record"
import type { LenderSettingsRecord } from "../../modules/financing/types"
import { setFinancingLog } from "../../modules/financing/registry"
import { flexShopperLender, newDayLender, paymentAssistLender, vaultLender } from "../../providers/lenders"
import { ownerCaptureChoice, withOwnerChoices } from "../owner-options"

const row = (lender: string, capture_on: string | null) => settingsRecord(lender, { capture_on })

function publish(rows: LenderSettingsRecord[]) {
  const reads = { count: 0 }
  setFinancingLog({
    listLenderSettings: async () => {
      reads.count += 1
      return rows
    },
  } as never)
  return reads
}

afterEach(() => setFinancingLog(undefined))

describe("the owner's capture choice over the provider options", () => {
  it("applies each lender's saved choice to its own option, read on every call", async () => {
    const reads = publish([row("payment-assist", "manual"), row("newday", "capture"), row("flexshopper", "receipt")])
    expect(await withOwnerChoices(paymentAssistLender, { apiKey: "k", autoCapture: true })).toEqual({
      apiKey: "k",
      autoCapture: false,
    })
    expect(await withOwnerChoices(newDayLender, { settleOn: "shipment" })).toEqual({ settleOn: "capture" })
    expect(await withOwnerChoices(flexShopperLender, {})).toEqual({ captureOn: "receipt" })
    expect(reads.count).toBe(3)
  })

  it("keeps the options as configured without a saved choice, with a choice the lender does not offer, or without the module", async () => {
    const options = { settleOn: "shipment" }
    publish([row("newday", null)])
    expect(await withOwnerChoices(newDayLender, options)).toBe(options)
    publish([row("newday", "sideways")])
    expect(await ownerCaptureChoice(newDayLender)).toBeNull()
    publish([row("vault", "shipment")])
    expect(await ownerCaptureChoice(vaultLender)).toBeNull()
    setFinancingLog(undefined)
    expect(await withOwnerChoices(newDayLender, options)).toBe(options)
  })

  it("reads the configured choice back from the options for the admin", () => {
    expect(paymentAssistLender.captureChoices!.fromOptions({})).toBe("approval")
    expect(paymentAssistLender.captureChoices!.fromOptions({ autoCapture: false })).toBe("manual")
    expect(newDayLender.captureChoices!.fromOptions({ settleOn: "capture" })).toBe("capture")
    expect(flexShopperLender.captureChoices!.fromOptions(undefined)).toBe("shipment")
    expect(vaultLender.captureChoices).toBeUndefined()
  })
})

describe("the Payment Assist plans the owner offers", () => {
  it("starts applications on the one plan offered, leaves several to the shopper, and never overrides a configured planId", async () => {
    publish([{ ...row("payment-assist", null), plans: [6] }])
    expect(await withOwnerChoices(paymentAssistLender, { apiKey: "k" })).toEqual({ apiKey: "k", planId: 6 })
    expect(await withOwnerChoices(paymentAssistLender, { apiKey: "k", planId: 1 })).toEqual({ apiKey: "k", planId: 1 })
    publish([{ ...row("payment-assist", "manual"), plans: [1, 6] }])
    expect(await withOwnerChoices(paymentAssistLender, { apiKey: "k" })).toEqual({ apiKey: "k", autoCapture: false })
  })
})

describe("the owner's credentials set over the configuration", () => {
  const withCredentials = (mode: "sandbox" | "live" | null, credentials: Record<string, Record<string, string>>) => {
    const reads = { count: 0 }
    setFinancingLog({
      listLenderSettings: async () => [
        { ...row("payment-assist", null), mode, credential_names: { live: Object.keys(credentials.live ?? {}) } },
      ],
      readLenderCredentials: async () => {
        reads.count += 1
        return credentials
      },
    } as never)
    return reads
  }

  it("lays the chosen set over the configured options, one merged object while nothing changes", async () => {
    const configured = { apiKey: "configured", backendUrl: "https://shop.test" }
    const reads = withCredentials("live", { live: { apiKey: "from-admin" } })
    const first = await withOwnerChoices(paymentAssistLender, configured)
    expect(first).toEqual({ apiKey: "from-admin", backendUrl: "https://shop.test" })
    // The same object again, so the lender client cached for it is reused.
    expect(await withOwnerChoices(paymentAssistLender, configured)).toBe(first)
    expect(reads.count).toBe(2)
    // A new value is a new object (and so a new client).
    withCredentials("live", { live: { apiKey: "rotated" } })
    expect(await withOwnerChoices(paymentAssistLender, configured)).toEqual({
      apiKey: "rotated",
      backendUrl: "https://shop.test",
    })
  })

  it("uses the configuration while no set is chosen, or the chosen set is empty", async () => {
    const configured = { apiKey: "configured" }
    const reads = withCredentials(null, { live: { apiKey: "from-admin" } })
    expect(await withOwnerChoices(paymentAssistLender, configured)).toBe(configured)
    withCredentials("sandbox", { live: { apiKey: "from-admin" } })
    expect(await withOwnerChoices(paymentAssistLender, configured)).toBe(configured)
    expect(reads.count).toBe(0)
  })
})
