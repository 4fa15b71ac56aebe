// The provider base: the plumbing only (logger, tracking, the financing log, manual-work entries,
// no webhooks), and the refusal predicate every lender uses.
import { PaymentActions } from "@medusajs/framework/utils"
import { LenderError, isLenderRefusal } from "../../lenders/errors"
import { setFinancingLog } from "../../modules/financing/registry"
import type { FinancingLog } from "../../modules/financing"
import { StubLenderProvider } from "./helpers/stub-provider"
import { LenderPaymentProvider, loggerOf } from "../lender-provider"

class TestProvider extends StubLenderProvider {
  static override identifier = "test"
  static override lender = {
    slug: "vault",
    name: "Test Lender",
    identifier: "test",
    providerId: "pp_test_test",
  } as const
  refund(entry: Parameters<LenderPaymentProvider["recordManualRefund"]>[0]) {
    return this.recordManualRefund(entry)
  }
  call<T>(run: () => Promise<T>) {
    return this.track({ operation: "status" }, run)
  }
  log(required: boolean) {
    return required ? this.financingLog({ required: true }) : this.financingLog()
  }
}

const refusal = (httpStatus: number, kind: "http" | "timeout" = "http") =>
  new LenderError({ lender: "vault", lenderName: "Vault", operation: "x", kind, httpStatus })

afterEach(() => setFinancingLog(undefined))

describe("isLenderRefusal", () => {
  it.each([
    [400, true],
    [404, true],
    [422, true],
    [408, false],
    [429, false],
    [500, false],
    [503, false],
  ])("HTTP %s → %s", (status, expected) => {
    expect(isLenderRefusal(refusal(status))).toBe(expected)
  })
  it("is false for anything that is not an answered HTTP error", () => {
    expect(isLenderRefusal(refusal(400, "timeout"))).toBe(false)
    expect(isLenderRefusal(new Error("400"))).toBe(false)
  })
})

describe("LenderPaymentProvider", () => {
  it("reads the logger from a container that throws on unknown names", () => {
    const throwing = new Proxy(
      {},
      {
        get: () => {
          throw new Error("not registered")
        },
      },
    )
    expect(loggerOf(throwing)).toBeUndefined()
    const logger = { warn: jest.fn() }
    expect(loggerOf({ logger })).toBe(logger)
  })

  it("tracks calls and records manual refunds under the lender's identity; a failed write only warns", async () => {
    const rows: Array<Record<string, unknown>> = []
    setFinancingLog({
      recordOperation: async (row: Record<string, unknown>) => (rows.push(row), row),
    } as unknown as FinancingLog)
    const warn = jest.fn()
    const provider = new TestProvider({ logger: { warn } }, {})
    expect(await provider.call(async () => "ok")).toBe("ok")
    await provider.refund({ amount: "10.00", currency_code: "gbp", error_message: "refund it by hand" })
    expect(rows).toEqual([
      expect.objectContaining({
        provider_id: "pp_test_test",
        lender: "vault",
        operation: "status",
        outcome: "succeeded",
      }),
      expect.objectContaining({
        provider_id: "pp_test_test",
        lender: "vault",
        operation: "refund",
        outcome: "action_required",
        amount: "10.00",
      }),
    ])
    setFinancingLog({
      recordOperation: async () => {
        throw new Error("db down")
      },
    } as unknown as FinancingLog)
    await expect(provider.refund({ error_message: "x" })).resolves.toBeUndefined()
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining("Test Lender: could not write the financing log (db down)"),
    )
  })

  it("says when the financing module is required and missing, and ignores webhooks", async () => {
    const provider = new TestProvider({}, {})
    expect(provider.log(false)).toBeUndefined()
    expect(() => provider.log(true)).toThrow(
      "Test Lender needs the financing module (medusa-plugin-financing) to be loaded.",
    )
    expect(await provider.getWebhookActionAndData({ data: {}, rawData: "", headers: {} })).toEqual({
      action: PaymentActions.NOT_SUPPORTED,
    })
  })
})
