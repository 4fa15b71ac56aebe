import { MedusaError, PaymentActions } from "@medusajs/framework/utils"

const completeRun = jest.fn()
const processRun = jest.fn()
jest.mock("@medusajs/medusa/core-flows", () => ({
  completeCartWorkflow: () => ({ run: completeRun }),
  processPaymentWorkflow: () => ({ run: processRun }),
}))

import { completeFinancedCart, completionVerdict } from "../cart-links"

const declined = new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, "The lender declined")
const refused = new MedusaError(MedusaError.Types.NOT_ALLOWED, "Not allowed")

describe("completionVerdict (a finished workflow run → the lender's verdict)", () => {
  it("a run without errors is no verdict: the caller finds the order", () => {
    expect(completionVerdict({ errors: [] })).toBeNull()
    expect(completionVerdict({})).toBeNull()
  })

  it("PAYMENT_AUTHORIZATION_ERROR is a decline, with the error kept for callers that answer with it", () => {
    expect(completionVerdict({ errors: [{ error: declined }] })).toEqual({
      declined: true,
      reason: "The lender declined",
      error: declined,
    })
  })

  it("any other error is a failure", () => {
    expect(completionVerdict({ errors: [{ error: refused }] })).toEqual({
      failed: true,
      reason: "Not allowed",
      error: refused,
    })
    expect(completionVerdict({ errors: [{ error: {} }] })).toEqual({ failed: true, reason: "unknown error", error: {} })
  })

  it("an unfinished run is another request's completion in progress (the stock route's 409 text)", () => {
    const verdict = completionVerdict({ errors: [], finished: false })
    expect(verdict).toMatchObject({
      failed: true,
      in_progress: true,
      reason: "Cart is already being completed by another request",
    })
    expect(verdict?.error?.type).toBe(MedusaError.Types.CONFLICT)
  })
})

describe("completeFinancedCart", () => {
  function containerWith(orderIds: Array<string | null>) {
    const graph = jest.fn(async () => ({
      data: (orderIds.length ? [orderIds.shift()] : [null]).filter(Boolean).map((order_id) => ({ order_id })),
    }))
    const execute = jest.fn(async (_key: string, work: () => Promise<unknown>) => work())
    const container = { resolve: (key: string) => (key === "query" ? { graph } : { execute }) }
    return { container: container as never, graph, execute }
  }
  beforeEach(() => {
    completeRun.mockReset()
    processRun.mockReset()
  })

  it("finds the cart's order under the cart lock and does not complete it again", async () => {
    const { container, execute } = containerWith(["order_1"])
    await expect(completeFinancedCart(container, { cartId: "cart_1" })).resolves.toEqual({ order_id: "order_1" })
    expect(execute).toHaveBeenCalledWith("cart_1", expect.any(Function), { timeout: 30 })
    expect(completeRun).not.toHaveBeenCalled()
  })

  it("completes a cart without an order; a decline is a verdict, not a throw", async () => {
    const { container } = containerWith([null])
    completeRun.mockResolvedValueOnce({
      errors: [],
      result: { id: "order_2" },
      transaction: { hasFinished: () => true },
    })
    await expect(completeFinancedCart(container, { cartId: "cart_2" })).resolves.toEqual({ order_id: "order_2" })
    completeRun.mockResolvedValueOnce({
      errors: [{ error: declined }],
      result: undefined,
      transaction: { hasFinished: () => true },
    })
    await expect(completeFinancedCart(container, { cartId: "cart_2" })).resolves.toMatchObject({
      declined: true,
      error: declined,
    })
  })

  it("session mode: processPaymentWorkflow, then the cart's order; an order's own collection has none", async () => {
    const { container } = containerWith(["order_3"])
    processRun.mockResolvedValue({ errors: [] })
    const target = { sessionId: "ps_1", action: PaymentActions.AUTHORIZED, amount: 10 } as const
    await expect(completeFinancedCart(container, { ...target, cartId: "cart_3" })).resolves.toEqual({
      order_id: "order_3",
    })
    expect(processRun).toHaveBeenCalledWith({
      input: { action: "authorized", data: { session_id: "ps_1", amount: 10 } },
    })
    await expect(completeFinancedCart(container, { ...target, cartId: null })).resolves.toEqual({ order_id: null })
  })

  it("session mode: a failed processPaymentWorkflow is a verdict carrying what it threw", async () => {
    const { container, graph } = containerWith([])
    processRun.mockRejectedValueOnce(declined)
    const target = { sessionId: "ps_2", cartId: "cart_4", action: PaymentActions.SUCCESSFUL, amount: 10 } as const
    await expect(completeFinancedCart(container, target)).resolves.toEqual({
      declined: true,
      reason: "The lender declined",
      error: declined,
    })
    processRun.mockRejectedValueOnce(refused)
    await expect(completeFinancedCart(container, target)).resolves.toEqual({
      failed: true,
      reason: "Not allowed",
      error: refused,
    })
    expect(graph).not.toHaveBeenCalled()
  })
})
