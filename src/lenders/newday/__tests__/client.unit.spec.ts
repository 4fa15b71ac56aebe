// The NewDay client against the NewDay sandbox: every Order Processing endpoint, NewDay's
// float arithmetic and error catalogue, SCA enforcement, and idempotent retries.
import type { SandboxHandle } from "../../../../packages/sandbox/src"
import { NEWDAY_SANDBOX_FULL_ONLY_MERCHANT } from "../../../../packages/sandbox/src/newday"
import { toMedusaError } from "../../../provider-kit/medusa-error"
import { assertAuthorised, type NewDayClient } from "../client"
import { deriveIdempotencyKey } from "../idempotency"
import { NEWDAY_PROBLEM_TYPES } from "../problem"
import { passSca, sandboxClient, signIn, type SignedIn, startNewDaySandbox } from "./helpers/newday-sandbox"
import { lenderRejection as failure } from "../../../__tests__/helpers/rejections"

let sandbox: SandboxHandle
let client: NewDayClient
const clients: NewDayClient[] = []
const ledger = (type: string) => sandbox.ledger("newday").list({ type })

function newClient(...args: Parameters<typeof sandboxClient>[1][]) {
  const c = sandboxClient(sandbox, args[0])
  clients.push(c)
  return c
}

beforeAll(async () => {
  sandbox = await startNewDaySandbox()
  client = newClient()
})
afterAll(async () => {
  clients.forEach((c) => c.close())
  await sandbox.close()
})
beforeEach(() => sandbox.reset())

/** An authorised hold for `amountMinor` (below the SCA threshold: exempt token). */
async function authorised(shopper: SignedIn, amountMinor: number, c = client) {
  const ctx = { customerAccessToken: shopper.accessToken, clientSessionId: "session-1" }
  const initiated = await c.initiate(shopper.customerRef, { amountMinor }, ctx)
  const res = await c.authorise(
    shopper.customerRef,
    { amountMinor, orderReference: `cart_${amountMinor}` },
    { ...ctx, scaToken: initiated.scaToken },
  )
  assertAuthorised(res)
  return res.authorisationId
}

describe("spend options", () => {
  it("by product: no spendOptionId, illustrations computed from the basket in pounds", async () => {
    const { options } = await client.spendOptionsForProduct({ basketAmountMinor: 45000 })
    expect(options.map((o) => o.name)).toEqual(["6 months interest free", "12 Month spend option", "Flexible credit"])
    expect(options.every((o) => o.spendOptionId === undefined)).toBe(true)
    expect(options[0].illustration).toEqual({
      monthlyPayment: { value: 75, currencyCode: "GBP" },
      interestToPay: { value: 0, currencyCode: "GBP" },
      totalRepayable: { value: 450, currencyCode: "GBP" },
    })
    expect(options[1]).toMatchObject({
      interestRate: 0.199,
      duration: 12,
      illustration: { monthlyPayment: { value: 44.97 }, interestToPay: { value: 89.55 } },
    })
    expect(options[2].illustration).toBeNull()
  })

  it("by customerRef: personalised ids, filters and ordering; nothing beyond available credit", async () => {
    const alice = await signIn(sandbox, "approve@newpay.test")
    const all = await client.spendOptionsForCustomer(alice.customerRef, {
      basketAmountMinor: 60000,
      orderBy: "InstalmentPaymentAmount",
    })
    expect(all.options.map((o) => o.duration ?? null)).toEqual([24, 12, 6, null])
    expect(new Set(all.options.map((o) => o.spendOptionId)).size).toBe(4)
    const zero = await client.spendOptionsForCustomer(alice.customerRef, {
      basketAmountMinor: 60000,
      zeroPercentOnly: true,
    })
    expect(zero.options.map((o) => o.name)).toEqual(["6 months interest free"])
    expect(zero.options[0].spendOptionId).toBe(all.options[2].spendOptionId)

    const larry = await signIn(sandbox, "lowlimit@newpay.test")
    expect((await client.spendOptionsForCustomer(larry.customerRef, { basketAmountMinor: 45000 })).options).toEqual([])
    const missing = await failure(
      client.spendOptionsForCustomer("00000000-0000-4000-8000-000000000000", { basketAmountMinor: 100 }),
    )
    expect(missing).toMatchObject({ httpStatus: 404, lenderCode: NEWDAY_PROBLEM_TYPES.missing })
  })

  it("names the bad field from NewDay's validation problem, and refuses a bad amount before sending", async () => {
    const err = await failure(client.spendOptionsForProduct({ basketAmountMinor: 100, orderBy: "Cheapest" }))
    expect(err).toMatchObject({ httpStatus: 400, lenderCode: NEWDAY_PROBLEM_TYPES.validation })
    expect(err.message).toContain("orderBy: The orderBy parameter must be one of InstalmentPaymentAmount.")
    const local = await failure(client.spendOptionsForProduct({ basketAmountMinor: 0 }))
    expect(local).toMatchObject({ kind: "validation" })
    expect(local.message).toBe(
      "NewDay NewPay spend-options-for-product failed: basketAmount must be a positive whole number of pence",
    )
  })

  it("is refused by the gateway with a wrong subscription key or an unknown merchant", async () => {
    const badKey = await failure(
      newClient({ subscriptionKey: "nope" }).spendOptionsForProduct({ basketAmountMinor: 100 }),
    )
    expect(badKey).toMatchObject({ httpStatus: 401, lenderCode: "apim:401" })
    expect(badKey.message).not.toContain("nope")
    const stranger = await failure(
      newClient({
        merchantId: "11111111-2222-4333-8444-555555555555",
        subscriptionKey: undefined,
      }).spendOptionsForProduct({ basketAmountMinor: 100 }),
    )
    // NewDay's guideline shows a 403 only as an empty problem body: no code to read.
    expect(stranger).toMatchObject({ httpStatus: 403, lenderCode: undefined })
  })
})

describe("initiate and authorise", () => {
  it("exempts a small basket and authorises it with the exempt token, placing a hold", async () => {
    const alice = await signIn(sandbox, "approve@newpay.test")
    const initiated = await client.initiate(
      alice.customerRef,
      { amountMinor: 4495 },
      { customerAccessToken: alice.accessToken },
    )
    expect(initiated).toEqual({ scaStatus: "Exempt", outcome: "exempt", scaToken: expect.any(String) })
    const res = await client.authorise(
      alice.customerRef,
      { amountMinor: 4495, orderReference: "cart_1" },
      { customerAccessToken: alice.accessToken, clientSessionId: "s", scaToken: initiated.scaToken },
    )
    expect(res).toEqual({
      result: "Authorised",
      authorisationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      declineReason: null,
    })
    expect(ledger("authorise").map((e) => [e.ref, e.amount])).toEqual([[res.authorisationId, "44.95"]])
  })

  it("requires SCA above the threshold: no token or the challenge token is refused, the widget's token works once", async () => {
    const alice = await signIn(sandbox, "approve@newpay.test")
    const ctx = { customerAccessToken: alice.accessToken, clientSessionId: "s" }
    const initiated = await client.initiate(alice.customerRef, { amountMinor: 45995 }, ctx)
    expect(initiated.scaStatus).toBe("Required")
    expect(initiated.widgetUrl).toBe(
      `${sandbox.lenderUrl("newday")}/sca-widget/newpay/identity?scaToken=${encodeURIComponent(initiated.scaToken!)}`,
    )
    const body = { amountMinor: 45995, orderReference: "cart_2" }
    expect(await failure(client.authorise(alice.customerRef, body, ctx))).toMatchObject({
      httpStatus: 403,
      lenderCode: NEWDAY_PROBLEM_TYPES.scaRequired,
    })
    expect(
      await failure(client.authorise(alice.customerRef, body, { ...ctx, scaToken: initiated.scaToken })),
    ).toMatchObject({ httpStatus: 403 })

    const upgraded = await passSca(initiated.widgetUrl!)
    const res = await client.authorise(alice.customerRef, body, { ...ctx, scaToken: upgraded })
    expect(res.result).toBe("Authorised")
    const again = await failure(
      client.authorise(alice.customerRef, { ...body, orderReference: "cart_3" }, { ...ctx, scaToken: upgraded }),
    )
    expect(again.lenderCode).toBe(NEWDAY_PROBLEM_TYPES.scaRequired)
    expect(ledger("authorise")).toHaveLength(1)
  })

  it("lets the merchant override an exemption", async () => {
    const alice = await signIn(sandbox, "approve@newpay.test")
    const initiated = await client.initiate(
      alice.customerRef,
      { amountMinor: 1000, overrideExemption: true },
      { customerAccessToken: alice.accessToken },
    )
    expect(initiated.scaStatus).toBe("Required")
  })

  it("returns a decline with NewDay's reason, which assertAuthorised turns into a payment authorisation error", async () => {
    for (const [email, reason] of [
      ["decline@newpay.test", "Declined (Please speak to your credit issuer)"],
      ["lowlimit@newpay.test", "Declined (Insufficient available credit)"],
    ]) {
      const shopper = await signIn(sandbox, email)
      const ctx = { customerAccessToken: shopper.accessToken, clientSessionId: "s" }
      const { scaToken } = await client.initiate(shopper.customerRef, { amountMinor: 20000 }, ctx)
      const res = await client.authorise(
        shopper.customerRef,
        { amountMinor: 20000, orderReference: "cart_d" },
        { ...ctx, scaToken },
      )
      expect(res).toEqual({ result: "Declined", authorisationId: null, declineReason: reason })
      let thrown: unknown
      try {
        assertAuthorised(res)
      } catch (err) {
        thrown = err
      }
      expect(thrown).toMatchObject({ declined: true, lenderMessage: reason })
      expect(toMedusaError(thrown)).toMatchObject({
        type: "payment_authorization_error",
        message: `NewDay NewPay authorise failed: ${reason} [Declined]`,
      })
    }
    expect(ledger("authorise")).toHaveLength(0)
  })

  it("requires client-session-id and a valid customer token", async () => {
    const alice = await signIn(sandbox, "approve@newpay.test")
    const local = await failure(
      client.authorise(
        alice.customerRef,
        { amountMinor: 100, orderReference: "x" },
        { customerAccessToken: alice.accessToken },
      ),
    )
    expect(local.message).toContain("client-session-id is required")
    const forged = await failure(
      client.initiate(alice.customerRef, { amountMinor: 100 }, { customerAccessToken: "ndat_forged" }),
    )
    expect(forged).toMatchObject({ httpStatus: 403, lenderCode: undefined })
  })
})

describe("settle, reverse and refund", () => {
  it("keeps the remaining float: partial settles, a reversal, then refuses more than what is left", async () => {
    const alice = await signIn(sandbox, "approve@newpay.test")
    const auth = await authorised(alice, 10000)
    const first = await client.settle(alice.customerRef, auth, { amountMinor: 3000 })
    const second = await client.settle(alice.customerRef, auth, { amountMinor: 5000, description: "second parcel" })
    const reversed = await client.reverse(alice.customerRef, auth, { amountMinor: 1500 })
    expect(reversed).toMatchObject({ remainingFloat: { value: 5, currencyCode: "GBP" }, remainingFloatMinor: 500 })
    const over = await failure(client.settle(alice.customerRef, auth, { amountMinor: 501 }))
    expect(over).toMatchObject({ httpStatus: 409, lenderCode: NEWDAY_PROBLEM_TYPES.amountExceedsRemaining })
    expect(over.message).toContain("remaining float of £5.00")
    expect(toMedusaError(over).type).toBe("not_allowed")

    await client.refund(alice.customerRef, first.transactionId, { amountMinor: 2000 })
    const refund = await client.refund(alice.customerRef, first.transactionId, { amountMinor: 1000 })
    expect(refund.refundTransactionId).toMatch(/^[0-9a-f-]{36}$/)
    const overRefund = await failure(client.refund(alice.customerRef, first.transactionId, { amountMinor: 1 }))
    expect(overRefund).toMatchObject({ httpStatus: 409, lenderCode: NEWDAY_PROBLEM_TYPES.amountExceedsRemaining })
    await client.refund(alice.customerRef, second.transactionId, { amountMinor: 5000 })
    expect(
      sandbox
        .ledger("newday")
        .list()
        .map((e) => `${e.type}:${e.amount}`),
    ).toEqual([
      "authorise:100.00",
      "settle:30.00",
      "settle:50.00",
      "reverse:15.00",
      "refund:20.00",
      "refund:10.00",
      "refund:50.00",
    ])
  })

  it("answers 404 for another customer's authorisation and unknown transactions", async () => {
    const alice = await signIn(sandbox, "approve@newpay.test")
    const sam = await signIn(sandbox, "sca@newpay.test")
    const auth = await authorised(alice, 1000)
    expect(await failure(client.settle(sam.customerRef, auth, { amountMinor: 100 }))).toMatchObject({
      httpStatus: 404,
      lenderCode: NEWDAY_PROBLEM_TYPES.missing,
    })
    expect(
      await failure(client.refund(alice.customerRef, "3b0c0000-0000-4000-8000-000000000000", { amountMinor: 100 })),
    ).toMatchObject({ httpStatus: 404 })
  })

  it("enforces a full-only merchant configuration", async () => {
    const full = newClient({
      merchantId: NEWDAY_SANDBOX_FULL_ONLY_MERCHANT.merchantId,
      subscriptionKey: NEWDAY_SANDBOX_FULL_ONLY_MERCHANT.subscriptionKey,
    })
    const alice = await signIn(sandbox, "approve@newpay.test")
    const auth = await authorised(alice, 8000, full)
    expect(await failure(full.settle(alice.customerRef, auth, { amountMinor: 4000 }))).toMatchObject({
      httpStatus: 409,
      lenderCode: NEWDAY_PROBLEM_TYPES.partialNotAllowed,
    })
    const tx = await full.settle(alice.customerRef, auth, { amountMinor: 8000 })
    expect(await failure(full.refund(alice.customerRef, tx.transactionId, { amountMinor: 100 }))).toMatchObject({
      lenderCode: NEWDAY_PROBLEM_TYPES.partialNotAllowed,
    })
    await full.refund(alice.customerRef, tx.transactionId, { amountMinor: 8000 })
    // The default merchant cannot see the full-only merchant's authorisation.
    expect(await failure(client.reverse(alice.customerRef, auth, { amountMinor: 1 }))).toMatchObject({
      httpStatus: 404,
    })
  })

  it("auto-reverses a hold after its lifetime and refuses to settle it", async () => {
    const alice = await signIn(sandbox, "approve@newpay.test")
    const auth = await authorised(alice, 2500)
    sandbox.clock.advance(31 * 24 * 60 * 60 * 1000)
    const expired = await failure(client.settle(alice.customerRef, auth, { amountMinor: 2500 }))
    expect(expired).toMatchObject({ httpStatus: 409, lenderCode: NEWDAY_PROBLEM_TYPES.invalidState })
    expect(ledger("hold-expired").map((e) => e.amount)).toEqual(["25.00"])
  })
})

describe("idempotency", () => {
  it("replays the same key and body, and refuses the same key with another body", async () => {
    const alice = await signIn(sandbox, "approve@newpay.test")
    const auth = await authorised(alice, 5000)
    const key = deriveIdempotencyKey("capture_1")
    const first = await client.settle(alice.customerRef, auth, { amountMinor: 1000 }, { idempotencyKey: key })
    const replay = await client.settle(alice.customerRef, auth, { amountMinor: 1000 }, { idempotencyKey: key })
    expect(replay).toEqual(first)
    const conflict = await failure(
      client.settle(alice.customerRef, auth, { amountMinor: 2000 }, { idempotencyKey: key }),
    )
    expect(conflict).toMatchObject({ httpStatus: 409, lenderCode: NEWDAY_PROBLEM_TYPES.idempotencyConflict })
    expect(ledger("settle")).toHaveLength(1)
  })

  it("retries after an injected 503 with the same key, before or after NewDay acted, and settles once", async () => {
    const alice = await signIn(sandbox, "approve@newpay.test")
    const auth = await authorised(alice, 5000)
    const requestsBefore = sandbox.faults.stats().newday.requests

    sandbox.faults.failNext("newday", 503, { match: { method: "POST", path: "/settle" } })
    const first = await client.settle(alice.customerRef, auth, { amountMinor: 1000 })
    sandbox.faults.failNext("newday", 503, { match: { method: "POST", path: "/settle" }, phase: "after" })
    const second = await client.settle(alice.customerRef, auth, { amountMinor: 1000 })

    expect(first.transactionId).not.toBe(second.transactionId)
    expect(sandbox.faults.stats().newday.requests - requestsBefore).toBe(4)
    expect(ledger("settle").map((e) => e.data?.transactionId)).toEqual([first.transactionId, second.transactionId])
  })

  it("gives up on a persistently unavailable service with a retryable error", async () => {
    const una = await signIn(sandbox, "unavailable@newpay.test")
    const err = await failure(
      client.initiate(una.customerRef, { amountMinor: 1000 }, { customerAccessToken: una.accessToken }),
    )
    expect(err).toMatchObject({
      httpStatus: 503,
      lenderCode: NEWDAY_PROBLEM_TYPES.unavailable,
      retryable: true,
      attempts: 3,
    })
  })
})

describe("upward adjustment", () => {
  it("is off unless enabled, and then approves the extra amount as a new authorisation", async () => {
    const alice = await signIn(sandbox, "approve@newpay.test")
    const auth = await authorised(alice, 5000)
    const off = await failure(
      client.upwardAdjustment(
        alice.customerRef,
        auth,
        { amountMinor: 500 },
        { customerAccessToken: alice.accessToken },
      ),
    )
    expect(off).toMatchObject({ kind: "config" })
    const on = newClient({ enableUpwardAdjustment: true })
    const res = await on.upwardAdjustment(
      alice.customerRef,
      auth,
      { amountMinor: 500 },
      { customerAccessToken: alice.accessToken },
    )
    expect(res.result).toBe("Authorised")
    expect(res.authorisationId).not.toBe(auth)
    expect(ledger("upward-adjustment").map((e) => [e.amount, e.data?.parent])).toEqual([["5.00", auth]])
  })
})
