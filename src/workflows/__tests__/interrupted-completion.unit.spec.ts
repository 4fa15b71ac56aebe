import { MedusaError, Modules } from "@medusajs/framework/utils"

const cancelRun = jest.fn()
jest.mock("@medusajs/medusa/core-flows", () => ({
  cancelOrderWorkflow: () => ({ run: cancelRun }),
}))

import { finishInterruptedCompletion, unpaidFinancingSession } from "../interrupted-completion"

const NEWDAY = "pp_newday_newday"
const session = (status: string, provider_id = NEWDAY) => ({ id: "payses_1", status, provider_id })

describe("unpaidFinancingSession (an order whose completion died before the payment was authorized)", () => {
  it("finds the lender session of an open order with no live payment", () => {
    const order = {
      id: "order_1",
      status: "pending",
      payment_collections: [{ payments: [], payment_sessions: [session("pending")] }],
    }
    expect(unpaidFinancingSession(order)).toEqual(session("pending"))
  })

  it("ignores orders that are paid, canceled, paid by another provider, or whose session is settled", () => {
    const withSessions = (
      sessions: Array<ReturnType<typeof session>>,
      payments: Array<{ id: string; canceled_at?: Date }> = [],
    ) => ({
      id: "order_1",
      status: "pending",
      payment_collections: [{ payments, payment_sessions: sessions }],
    })
    expect(unpaidFinancingSession(withSessions([session("authorized")], [{ id: "pay_1" }]))).toBeUndefined()
    expect(unpaidFinancingSession({ ...withSessions([session("pending")]), status: "canceled" })).toBeUndefined()
    expect(unpaidFinancingSession(withSessions([session("pending", "pp_system_default")]))).toBeUndefined()
    expect(unpaidFinancingSession(withSessions([session("canceled")]))).toBeUndefined()
    expect(unpaidFinancingSession(undefined)).toBeUndefined()
    // A canceled payment does not count as paid.
    expect(
      unpaidFinancingSession(withSessions([session("pending")], [{ id: "pay_1", canceled_at: new Date() }])),
    ).toEqual(session("pending"))
  })
})

describe("finishInterruptedCompletion", () => {
  function shop(after: { status: string; payment?: unknown }, authorize: () => Promise<unknown>) {
    const addOrderTransactions = jest.fn(async () => [])
    const payments = {
      authorizePaymentSession: jest.fn(authorize),
      retrievePaymentSession: jest.fn(async () => after),
    }
    const graph = jest.fn(async () => ({
      data: [
        {
          id: "order_1",
          status: "pending",
          payment_collections: [{ payments: [], payment_sessions: [session("pending")] }],
        },
      ],
    }))
    const container = {
      resolve: (key: string) =>
        key === "query" ? { graph } : key === Modules.PAYMENT ? payments : { addOrderTransactions },
    }
    return { container: container as never, payments, addOrderTransactions }
  }
  beforeEach(() => cancelRun.mockReset())

  it("authorizes the session now and records its captures as order transactions", async () => {
    const payment = {
      id: "pay_1",
      currency_code: "gbp",
      captures: [{ id: "capt_1", amount: 44.95, raw_amount: { value: "44.95" } }],
    }
    const { container, payments, addOrderTransactions } = shop({ status: "authorized", payment }, async () => payment)
    await expect(finishInterruptedCompletion(container, "order_1")).resolves.toEqual({
      result: "authorized",
      payment_id: "pay_1",
    })
    expect(payments.authorizePaymentSession).toHaveBeenCalledWith("payses_1", {})
    expect(addOrderTransactions).toHaveBeenCalledWith([
      {
        order_id: "order_1",
        amount: { value: "44.95" },
        currency_code: "gbp",
        reference: "capture",
        reference_id: "capt_1",
      },
    ])
    expect(cancelRun).not.toHaveBeenCalled()
  })

  it("cancels the order when the lender declines, as the workflow's compensation would have", async () => {
    const declined = new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, "NewDay declined")
    const { container } = shop({ status: "error" }, async () => {
      throw declined
    })
    await expect(finishInterruptedCompletion(container, "order_1")).resolves.toEqual({
      result: "canceled",
      reason: "NewDay declined",
    })
    expect(cancelRun).toHaveBeenCalledWith({ input: { order_id: "order_1" } })
  })

  it("leaves the order waiting when the lender cannot be asked (nothing canceled, nothing recorded)", async () => {
    const { container, addOrderTransactions } = shop({ status: "pending" }, async () => {
      throw new Error("NewDay is unavailable")
    })
    await expect(finishInterruptedCompletion(container, "order_1")).resolves.toEqual({
      result: "waiting",
      reason: "NewDay is unavailable",
    })
    expect(cancelRun).not.toHaveBeenCalled()
    expect(addOrderTransactions).not.toHaveBeenCalled()
  })
})
