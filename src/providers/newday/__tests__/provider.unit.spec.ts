// The NewDay provider's flows against the NewDay sandbox (no Medusa server): authorise with and
// without SCA, decline, settle exactly the captured amount, refund spread across settlements,
// reverse on cancel, and the idempotency and concurrency guarantees of money-moving calls.
import { MedusaError } from "@medusajs/framework/utils"
import { readNewdayOptions } from "../lender"
import { signIn, passSca, startNewDaySandbox } from "../../../lenders/newday/__tests__/helpers/newday-sandbox"
import { setFinancingLog } from "../../../modules/financing/registry"
import type { SandboxHandle } from "../../../../packages/sandbox/src"
import { resetFloatLocks } from "../float-lock"
import type { NewDayProviderOptions } from "../options"
import type { NewDayPaymentData } from "../payment-data"
import { getScaSecret, putCustomerSecret, putScaSecret } from "../secrets"
import NewDayProviderService from "../service"
import { FakeFinancingLog } from "./helpers/fake-financing-log"
import { issueRouteTicket } from "../../../provider-kit/route-ticket"
import { rejectionOf } from "../../../__tests__/helpers/rejections"

let sandbox: SandboxHandle
let log: FakeFinancingLog
let provider: NewDayProviderService
let session = 0
const captures = new Map<string, string>()
const ledger = (type: string) => sandbox.ledger("newday").list({ type })

beforeAll(async () => {
  sandbox = await startNewDaySandbox()
  const options = readNewdayOptions(
    { FINANCING_SANDBOX_URL: sandbox.url, NEWDAY_MAX_RETRIES: "1" },
    "https://api.shop.test",
  ) as unknown as NewDayProviderOptions
  const captureService = {
    retrieve: async (id: string) => ({ id, raw_amount: { value: captures.get(id), precision: 20 } }),
  }
  provider = new NewDayProviderService({ captureService }, { ...options, retries: 1 })
})
afterAll(async () => {
  setFinancingLog(undefined)
  await sandbox.close()
})
beforeEach(() => {
  sandbox.reset()
  resetFloatLocks()
  log = new FakeFinancingLog()
  setFinancingLog(log)
})

async function signedInSession(amount: number, email = "approve@newpay.test") {
  const id = `payses_${++session}`
  const cartId = `cart_${session}`
  const route_ticket = await issueRouteTicket("newday", cartId, { cart_id: cartId }, log as never)
  const { data } = await provider.initiatePayment({
    amount,
    currency_code: "gbp",
    data: { session_id: id, cart_id: cartId, route_ticket, evil: "x" },
    context: { idempotency_key: id },
  })
  const shopper = await signIn(sandbox, email)
  await putCustomerSecret(
    { payment_session_id: id },
    { customerRef: shopper.customerRef, accessToken: shopper.accessToken, clientSessionId: "s" },
  )
  return { id, data: data as NewDayPaymentData, shopper }
}

async function authorisedPayment(amount: number) {
  const { id, data } = await signedInSession(amount)
  const result = await provider.authorizePayment({ data, context: { idempotency_key: id } })
  expect(result.status).toBe("authorized")
  return result.data as NewDayPaymentData
}

function capture(data: NewDayPaymentData, id: string, amount: string) {
  captures.set(id, amount)
  return provider.capturePayment({ data, context: { idempotency_key: id } })
}

describe("authorize", () => {
  it("keeps only store-route fields, refuses other currencies, and authorises an exempt basket once", async () => {
    const { id, data } = await signedInSession(44.95)
    // `evil` was sent by the caller: Medusa merges sent keys under the returned ones, so it comes back null.
    expect(data).toEqual({
      session_id: id,
      cart_id: `cart_${session}`,
      route_ticket: null,
      evil: null,
      amount: "44.95",
      currency_code: "gbp",
      status: "pending",
    })
    // Without the store route's ticket, a sent cart or spend option is not taken.
    const stock = await provider.initiatePayment({
      amount: 10,
      currency_code: "gbp",
      data: { session_id: "payses_stock", cart_id: "cart_x", spend_option_id: "FORGED" },
    })
    expect(stock.data).toMatchObject({ cart_id: null, spend_option_id: null })
    const usd = await rejection(provider.initiatePayment({ amount: 10, currency_code: "usd", data: {} }))
    expect(usd.type).toBe(MedusaError.Types.INVALID_DATA)
    expect(usd.message).toContain("currency_code must be gbp")

    const first = await provider.authorizePayment({ data, context: { idempotency_key: id } })
    expect(first.data).toMatchObject({
      status: "authorized",
      authorised_amount: "44.95",
      remaining_float: "44.95",
      settlements: [],
    })
    const again = await provider.authorizePayment({ data: first.data, context: { idempotency_key: id } })
    expect(again.status).toBe("authorized")
    expect(ledger("authorise")).toHaveLength(1)
    // The access token is gone once the hold exists; the customerRef stays for settle/refund.
    const stored = JSON.parse(log.secrets.find((s) => s.purpose === "customer")!.value)
    expect(stored).toEqual({
      customerRef: expect.any(String),
      clientSessionId: "s",
      authorisationId: (first.data as NewDayPaymentData).authorisation_id,
      authorisedMinor: 4495,
    })
    // sca "auto" (default): Initiate is only called when NewDay says SCA applies (seed 003: "can be called").
    expect(log.ops().map((o) => `${o.operation}:${o.outcome}`)).toEqual(["authorize:succeeded"])
  })

  it('with sca "always" calls Initiate before every authorise and authorises with its exempt token', async () => {
    const always = new NewDayProviderService({}, { ...provider["options_"], sca: "always" })
    const { id, data } = await signedInSession(44.95)
    const done = await always.authorizePayment({ data, context: { idempotency_key: id } })
    expect(done.status).toBe("authorized")
    expect(log.ops().map((o) => `${o.operation}:${o.outcome}`)).toEqual(["initiate:succeeded", "authorize:succeeded"])
    // The exempt token was spent by that authorisation (the sandbox marks it used).
    const tokens = sandbox.state.namespace("newday").collection<{ kind: string; status: string }>("scaTokens").list()
    expect(tokens.map((t) => `${t.kind}:${t.status}`)).toEqual(["exempt:used"])
  })

  it('with sca "auto" authorises first, and calls Initiate only after NewDay answers that SCA is required', async () => {
    const { id, data } = await signedInSession(459.95)
    const first = await provider.authorizePayment({ data, context: { idempotency_key: id } })
    expect(first.status).toBe("requires_more")
    expect((first.data as NewDayPaymentData).sca_attempt).toBe(1)
    // The token-less authorise was refused (403 scaRequired) and nothing was held.
    const [refused] = log.ops("authorize")
    expect(refused).toMatchObject({
      outcome: "failed",
      http_status: 403,
      error_code: "newday:merchant-gateway:error:scaRequired",
    })
    expect(log.ops("initiate").map((o) => o.outcome)).toEqual(["action_required"])
    expect(ledger("authorise")).toHaveLength(0)
    expect((await getScaSecret(id))!.status).toBe("challenge")
  })

  it("after a decline and a smaller basket, asks NewDay afresh (keys differ per amount: no idempotency conflict)", async () => {
    const always = new NewDayProviderService({}, { ...provider["options_"], sca: "always" })
    const { id, data } = await signedInSession(200, "lowlimit@newpay.test") // £150 limit
    const declined = await rejection(always.authorizePayment({ data, context: { idempotency_key: id } }))
    expect(declined.type).toBe(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR)
    const { data: smaller } = await always.updatePayment({
      data,
      amount: 100,
      currency_code: "gbp",
      context: { idempotency_key: id },
    } as never)
    const done = await always.authorizePayment({ data: smaller, context: { idempotency_key: id } })
    expect(done.status).toBe("authorized")
    expect(ledger("authorise").map((e) => e.amount)).toEqual(["100.00"])
    const keys = log.ops().map((o) => o.idempotency_key)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it("authorises on revolving credit when no spend option was chosen: no spendOptionId reaches NewDay", async () => {
    const { id, data } = await signedInSession(44.95)
    expect(data.spend_option_id).toBeUndefined()
    const done = await provider.authorizePayment({ data, context: { idempotency_key: id } })
    expect(done.status).toBe("authorized")
    const auth = sandbox.state
      .namespace("newday")
      .collection<{ spendOptionId?: string }>("authorisations")
      .get((done.data as NewDayPaymentData).authorisation_id!)
    expect(auth).toBeDefined()
    expect(auth!.spendOptionId).toBeUndefined()
  })

  it("asks for SCA with the widget URL, keeps asking until the widget's token arrives, then authorises", async () => {
    const { id, data } = await signedInSession(459.95)
    const first = await provider.authorizePayment({ data, context: { idempotency_key: id } })
    expect(first.status).toBe("requires_more")
    const widget = new URL((first.data as NewDayPaymentData).sca_widget_url!)
    const back = new URL(widget.searchParams.get("redirect_uri")!)
    expect(back.origin + back.pathname).toBe("https://api.shop.test/financing/newday/sca/return")
    expect(back.searchParams.get("payment_session_id")).toBe(id)
    const sca = await getScaSecret(id)
    expect(back.searchParams.get("state")).toBe(sca!.state)
    // The widget needs the challenge token (NewDay puts it in the iframe URL); it cannot authorise.
    expect(widget.searchParams.get("scaToken")).toBe(sca!.token)

    const second = await provider.authorizePayment({ data: first.data, context: { idempotency_key: id } })
    expect(second).toEqual(first)
    expect(log.ops("initiate")).toHaveLength(1)

    const upgraded = await passSca(widget.toString())
    await putScaSecret(id, { ...sca!, status: "authenticated", token: upgraded })
    const done = await provider.authorizePayment({ data: second.data, context: { idempotency_key: id } })
    expect(done.status).toBe("authorized")
    expect(done.data).not.toHaveProperty("sca_widget_url")
    expect(JSON.stringify(done.data)).not.toContain(upgraded)
    expect(await getScaSecret(id)).toBeNull()
    expect(ledger("authorise").map((e) => e.amount)).toEqual(["459.95"])
  })

  it("turns a decline into a payment authorisation error carrying NewDay's reason", async () => {
    const { id, data } = await signedInSession(30, "decline@newpay.test")
    const err = await rejection(provider.authorizePayment({ data, context: { idempotency_key: id } }))
    expect(err.type).toBe(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR)
    expect(err.message).toBe("NewDay NewPay authorise failed: Declined (Please speak to your credit issuer) [Declined]")
    expect(log.ops("authorize").map((o) => o.outcome)).toEqual(["failed"])
  })

  it("never takes a browser-sent authorisation_id as an authorisation (issue #15 F1)", async () => {
    const forged = {
      session_id: "payses_forged",
      authorisation_id: "00000000-0000-0000-0000-000000000000",
      status: "authorized",
      authorised_amount: "1209.95",
      remaining_float: "1209.95",
    }
    const { data } = await provider.initiatePayment({
      amount: 1209.95,
      currency_code: "gbp",
      data: forged,
      context: { idempotency_key: "payses_forged" },
    })
    // What Medusa stores: the sent data with the provider's answer on top.
    const stored = { ...forged, ...data }
    expect(stored).toMatchObject({
      authorisation_id: null,
      authorised_amount: null,
      remaining_float: null,
      status: "pending",
    })
    const fromInitiate = await rejection(
      provider.authorizePayment({ data: stored, context: { idempotency_key: "payses_forged" } }),
    )
    expect(fromInitiate.type).toBe(MedusaError.Types.NOT_ALLOWED)
    // Even with the forged keys reaching authorize (an older session), nothing recorded → NewDay decides.
    const direct = await rejection(
      provider.authorizePayment({ data: forged, context: { idempotency_key: "payses_forged" } }),
    )
    expect(direct.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(direct.message).toMatch(/has not signed in with NewDay/)
    // A signed-in shopper's session with someone else's authorisation id is authorised afresh by NewDay.
    const real = await signedInSession(44.95)
    const replayed = await provider.authorizePayment({
      data: { ...real.data, authorisation_id: "00000000-0000-0000-0000-000000000000", status: "authorized" },
      context: { idempotency_key: real.id },
    })
    expect((replayed.data as NewDayPaymentData).authorisation_id).not.toBe("00000000-0000-0000-0000-000000000000")
    expect(ledger("authorise")).toHaveLength(1)
  })

  it("refuses a session nobody signed in for", async () => {
    const { data } = await provider.initiatePayment({
      amount: 20,
      currency_code: "gbp",
      data: { session_id: "payses_anon" },
    })
    const err = await rejection(provider.authorizePayment({ data, context: { idempotency_key: "payses_anon" } }))
    expect(err.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(err.message).toMatch(/has not signed in with NewDay/)
    expect(sandbox.ledger("newday").list()).toHaveLength(0)
  })
})

describe("capture, refund and cancel", () => {
  it("settles exactly each captured amount, refuses more than the remaining float, and refunds across settlements", async () => {
    let data = await authorisedPayment(100)
    data = (await capture(data, "capt_1", "60")).data as NewDayPaymentData
    const over = await rejection(capture(data, "capt_2", "40.01"))
    expect(over.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(over.message).toBe("NewDay NewPay settle failed: £40.01 is more than the remaining float of £40.00.")
    data = (await capture(data, "capt_3", "40")).data as NewDayPaymentData
    expect(ledger("settle").map((e) => e.amount)).toEqual(["60.00", "40.00"])
    expect(data).toMatchObject({ status: "captured", remaining_float: "0.00", settled_amount: "100.00" })

    data = (
      await provider.refundPayment({
        data,
        amount: { value: "70", precision: 20 } as never,
        context: { idempotency_key: "ref_1" },
      })
    ).data as NewDayPaymentData
    expect(ledger("refund").map((e) => [e.ref, e.amount])).toEqual([
      [data.settlements![0].transaction_id, "60.00"],
      [data.settlements![1].transaction_id, "10.00"],
    ])
    expect(data.refunded_amount).toBe("70.00")
    const tooMuch = await rejection(
      provider.refundPayment({ data, amount: 30.01, context: { idempotency_key: "ref_2" } }),
    )
    expect(tooMuch.message).toBe(
      "NewDay NewPay refund failed: £30.01 is more than can be refunded (£30.00 settled minus refunded).",
    )
    expect(ledger("refund")).toHaveLength(2)
  })

  it("does not settle twice when a settle answer is lost and the capture is tried again", async () => {
    const data = await authorisedPayment(50)
    sandbox.faults.failNext("newday", 503, { match: { path: "/settle" }, phase: "after", count: 2 })
    const lost = await rejection(capture(data, "capt_a", "20"))
    expect(lost.message).toMatch(/NewDay NewPay settle failed/)
    expect(ledger("settle")).toHaveLength(1)
    // Medusa dropped its capture row; the admin captures £20 again from the same payment data.
    const retried = await capture(data, "capt_b", "20")
    expect(ledger("settle")).toHaveLength(1)
    expect((retried.data as NewDayPaymentData).settlements!.map((s) => s.transaction_id)).toEqual([
      ledger("settle")[0].data!.transactionId,
    ])
  })

  it("settles two concurrent captures of the same amount separately, both starting from the same data", async () => {
    const data = await authorisedPayment(50)
    const [a, b] = await Promise.all([capture(data, "capt_x", "25"), capture(data, "capt_y", "25")])
    expect(ledger("settle")).toHaveLength(2)
    const last = [a, b].map((r) => r.data as NewDayPaymentData).find((d) => d.settlements!.length === 2)
    expect(last).toMatchObject({ status: "captured", remaining_float: "0.00" })
  })

  it("reverses the remaining float on cancel, and does nothing for a session that was never authorised", async () => {
    let data = await authorisedPayment(80)
    data = (await capture(data, "capt_c", "30")).data as NewDayPaymentData
    const canceled = (await provider.cancelPayment({ data, context: { idempotency_key: "pay_1" } }))
      .data as NewDayPaymentData
    expect(ledger("reverse").map((e) => e.amount)).toEqual(["50.00"])
    expect(canceled).toMatchObject({
      remaining_float: "0.00",
      status: "partially_captured",
      reversals: [{ amount: "50.00" }],
    })
    await provider.cancelPayment({ data: canceled, context: { idempotency_key: "pay_1" } })
    expect(ledger("reverse")).toHaveLength(1)
    const never = await provider.cancelPayment({ data: { session_id: "payses_x", status: "pending" } })
    expect(never.data).toMatchObject({ status: "canceled" })
  })

  it("forgets the SCA token when the amount changes, and the shopper's secrets when the session is deleted", async () => {
    const { id, data } = await signedInSession(459.95)
    const first = await provider.authorizePayment({ data, context: { idempotency_key: id } })
    const updated = await provider.updatePayment({ data: first.data, amount: 470, currency_code: "gbp" })
    expect(updated.data).toMatchObject({ amount: "470.00", status: "pending" })
    expect(updated.data).not.toHaveProperty("sca_widget_url")
    expect(await getScaSecret(id)).toBeNull()
    await provider.deletePayment({ data: updated.data })
    expect(log.secrets.filter((s) => s.payment_session_id === id)).toHaveLength(0)
  })

  it("ignores webhooks: Order Processing has none", async () => {
    expect(await provider.getWebhookActionAndData({ data: {}, rawData: "", headers: {} })).toEqual({
      action: "not_supported",
    })
  })
})

function rejection(call: Promise<unknown>): Promise<MedusaError> {
  return rejectionOf<MedusaError>(call)
}
