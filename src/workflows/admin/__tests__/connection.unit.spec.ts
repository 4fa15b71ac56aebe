import { LenderError } from "../../../lenders/errors"
import { checkFlexShopperConnection } from "../../../lenders/flexshopper/connection"
import { checkNewDayConnection } from "../../../lenders/newday/connection"
import { checkPaymentAssistConnection } from "../../../lenders/payment-assist/connection"
import { checkVaultConnection } from "../../../lenders/vault/connection"
import { TokenManager } from "../../../lenders/vault/token-manager"
import { describeConnectionFailure, withoutSecrets } from "../connection"

const lenderError = (over: Partial<ConstructorParameters<typeof LenderError>[0]>) =>
  new LenderError({
    lender: "payment-assist",
    lenderName: "Payment Assist",
    operation: "account",
    kind: "http",
    ...over,
  })

describe("connection checks (one harmless authenticated call each)", () => {
  it("Payment Assist reads the account and counts its plans", async () => {
    const client = {
      account: jest.fn(async () => ({
        legal_name: "Sandbox Ltd",
        display_name: "Sandbox Furniture",
        plans: [{} as never, {} as never],
      })),
    }
    await expect(checkPaymentAssistConnection(client)).resolves.toBe(
      "Signed in as Sandbox Furniture; 2 plans available.",
    )
  })

  it("FlexShopper reads the lease settings", async () => {
    await expect(
      checkFlexShopperConnection({ getLeaseSettings: async () => ({ minimumOrderValue: 49.95 }) }),
    ).resolves.toBe("API key accepted; minimum lease order value $49.95.")
  })

  it("NewDay asks for spend options on a £100.00 basket", async () => {
    const spendOptionsForProduct = jest.fn(async () => ({ options: [{}] as never[] }))
    await expect(checkNewDayConnection({ spendOptionsForProduct })).resolves.toBe(
      "Merchant accepted; 1 spend option offered for a £100.00 basket.",
    )
    expect(spendOptionsForProduct).toHaveBeenCalledWith({ basketAmountMinor: 10_000, currencyCode: "GBP" })
  })

  it("Vault fetches a NEW merchant token even when one is cached", async () => {
    let issued = 0
    const now = () => 1_000_000
    const merchantAuth = new TokenManager({
      now,
      obtain: async () => ({ accessToken: `tok-${++issued}`, expiresAt: now() + 3_600_000 }),
    })
    await merchantAuth.accessToken()
    await expect(checkVaultConnection({ merchantAuth }, now)).resolves.toBe("Merchant token issued (valid for 3600 s).")
    expect(issued).toBe(2)
    expect(merchantAuth.snapshot()?.accessToken).toBe("tok-2")
  })
})

describe("connection failures in words", () => {
  it.each([
    [
      lenderError({ httpStatus: 401, lenderMessage: "bad key" }),
      "Payment Assist refused the credentials: Payment Assist account failed: bad key (HTTP 401)",
    ],
    [
      lenderError({ kind: "timeout", description: "no answer within 10000 ms" }),
      "Payment Assist did not answer in time: Payment Assist account failed: no answer within 10000 ms",
    ],
    [
      lenderError({ kind: "network", description: "connect ECONNREFUSED" }),
      "Payment Assist could not be reached (check the base URL and the network): Payment Assist account failed: connect ECONNREFUSED",
    ],
    [lenderError({ httpStatus: 500, lenderMessage: "down" }), "Payment Assist account failed: down (HTTP 500)"],
    [new Error("boom"), "Payment Assist: the connection test failed (boom)."],
  ])("%#", (error, expected) => {
    expect(describeConnectionFailure("payment-assist", error)).toBe(expected)
  })

  it("removes every credential value from a message", () => {
    expect(
      withoutSecrets("Invalid key demosandboxkey01 for demo_Secret (demosandboxkey01)", [
        "demosandboxkey01",
        "demo_Secret",
      ]),
    ).toBe("Invalid key [redacted] for [redacted] ([redacted])")
  })
})
