// The FlexShopper provider against the FlexShopper sandbox (real HTTP), with an in-memory
// financing log: what each Medusa call does at the lender and what it refuses.
import { MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { FlexShopperClient, buildLeaseOrder, leaseDigest } from "../../../lenders/flexshopper"
import { setFinancingLog } from "../../../modules/financing/registry"
import { startSandbox, type SandboxHandle } from "../../../../packages/sandbox/src"
import { createFlexShopperSimulator } from "../../../../packages/sandbox/src/flexshopper"
import {
  FLEXSHOPPER_SANDBOX_API_KEY,
  FLEXSHOPPER_SANDBOX_AUTH_KEY,
} from "../../../../packages/sandbox/src/flexshopper/credentials"
import {
  openCheckout,
  signInModal,
  signLease,
} from "../../../../packages/sandbox/src/flexshopper/__tests__/modal-driver"
import FlexShopperProviderService from "../service"
import { SECRET } from "../session-data"
import { memoryLog } from "./memory-log"
import { rejectionOf } from "../../../__tests__/helpers/rejections"

let sandbox: SandboxHandle
let client: FlexShopperClient
let provider: FlexShopperProviderService
let log: ReturnType<typeof memoryLog>
let n = 0
/** Medusa's capture rows (id → amount): the provider reads a capture's amount back from them. */
const captures = new Map<string, number>()

const ship = { carrier: "UPS", shipDate: "2026-01-05" }

/** A new shopper approved for $2,500, identity verified (each test gets its own spending limit). */
async function approvedShopper(): Promise<string> {
  const email = `p${++n}.${Date.now()}@example.com`
  const created = await client.createUser({ firstName: "Pat", lastName: "Provider", email })
  const prequal = await client.prequalStart({
    mobilePhone: "2125550177",
    firstName: "Pat",
    lastName: "Provider",
    email,
    street1: "1 Main St",
    city: "Albany",
    regionAbbr: "NY",
    postalCode: "12207",
    country: "US",
    employmentInformation: { payFrequency: "monthly", monthlyIncome: 5000 },
    dateOfBirth: "1980-01-01",
    ssn: `66610${String(n).padStart(4, "0")}`,
  })
  await client.prequalComplete(created.customerToken, {
    prequalId: prequal.prequalId,
    bankAccount: { routing: "011000015", account: "55554444", type: "savings" },
  })
  const quiz = await client.getVerificationQuestions(created.customerToken)
  const right = ["Maple Avenue", "Honda Civic", "Orange County"]
  await client.verifyAnswers(created.customerToken, {
    id: quiz.id,
    answers: quiz.questions.map((q) => ({
      questionId: q.id,
      choiceId: q.choices.find((c) => right.includes(c.label))!.id,
    })),
  })
  return created.userId
}

/** A new shopper's lease for TABLE ×1 + LAMP ×2 ($704.95), and the session started for it. */
async function signedSession() {
  const cartId = `cart_${++n}`
  const transactionId = `${cartId}-t`
  const order = buildLeaseOrder(transactionId, {
    items: [
      { sku: "TABLE-OAK-NAT", description: "Oak Dining Table", quantity: 1, totalCents: 59900 },
      { sku: "LAMP-BRASS", description: "Bedside Lamp", quantity: 2, totalCents: 9000 },
    ],
    shippingCents: 1495,
    totalCents: 70395,
  })
  const userId = await approvedShopper()
  await log.putSecret({
    lender: "flexshopper",
    purpose: SECRET.order,
    cart_id: cartId,
    value: { transactionId, userId, totalCents: 70395, order },
  })
  const started = await provider.initiatePayment({
    amount: 703.95,
    currency_code: "usd",
    data: { cart_id: cartId, transaction_id: transactionId, session_id: `payses_${n}` },
  })
  const authCode = await client.createAuthCode(userId)
  return { cartId, transactionId, order, data: started.data!, sessionId: `payses_${n}`, authCode }
}

async function authorized() {
  const s = await signedSession()
  await signLease(`${sandbox.lenderUrl("flexshopper")}/pp3`, {
    authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY,
    authCode: s.authCode,
    order: s.order,
  })
  const tx = await client.getTransaction(s.transactionId)
  await log.putSecret({
    lender: "flexshopper",
    purpose: SECRET.cartCheck,
    payment_session_id: s.sessionId,
    cart_id: s.cartId,
    value: { transactionId: s.transactionId, digest: leaseDigest(tx) },
  })
  const result = await provider.authorizePayment({ data: s.data })
  return { ...s, data: result.data!, status: result.status }
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, env: {}, simulators: [createFlexShopperSimulator()] })
  const options = {
    apiKey: FLEXSHOPPER_SANDBOX_API_KEY,
    authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY,
    baseUrl: sandbox.lenderUrl("flexshopper"),
    sdkUrl: `${sandbox.lenderUrl("flexshopper")}/pp3`,
  }
  client = new FlexShopperClient({ apiKey: options.apiKey, baseUrl: options.baseUrl })
  const captureService = {
    retrieve: async (id: string) => ({ id, raw_amount: { value: String(captures.get(id)), precision: 20 } }),
  }
  provider = new (FlexShopperProviderService as any)({ captureService }, options)
})
beforeEach(() => {
  log = memoryLog()
  setFinancingLog(log)
})
afterAll(async () => {
  setFinancingLog(undefined)
  client.close()
  await sandbox.close()
})

describe("configuration", () => {
  it("fails boot naming the missing option and its env var", () => {
    expect(() =>
      FlexShopperProviderService.validateOptions({ authKey: "a", baseUrl: "https://x", sdkUrl: "https://y" }),
    ).toThrow('FlexShopper: the "apiKey" option is required (set FLEXSHOPPER_API_KEY).')
    expect(() =>
      FlexShopperProviderService.validateOptions({ apiKey: "k", authKey: "a", baseUrl: "https://x" }),
    ).toThrow("FLEXSHOPPER_SDK_URL")
    expect(() =>
      FlexShopperProviderService.validateOptions({ apiKey: "k", authKey: "a", baseUrl: "nope", sdkUrl: "https://y" }),
    ).toThrow("FLEXSHOPPER_BASE_URL")
    expect(() =>
      FlexShopperProviderService.validateOptions({
        apiKey: "k",
        authKey: "a",
        baseUrl: "https://x",
        sdkUrl: "https://y",
        captureOn: "ship",
      }),
    ).toThrow("FLEXSHOPPER_CAPTURE_ON")
  })
})

describe("initiate", () => {
  it("needs the order the store route built server-side, in USD, for the same total", async () => {
    expect((await failure(provider.initiatePayment({ amount: 10, currency_code: "gbp", data: {} }))).message).toMatch(
      /US dollars; this cart is in GBP/,
    )
    expect(
      (
        await failure(
          provider.initiatePayment({
            amount: 100,
            currency_code: "usd",
            data: { cart_id: "cart_x", transaction_id: "forged" },
          }),
        )
      ).message,
    ).toMatch(/POST \/store\/financing\/flexshopper\/session/)
    const s = await signedSession()
    expect(s.data).toMatchObject({
      transaction_id: s.transactionId,
      status: "awaiting_signature",
      amount_cents: 70395,
      order: { cost: 703.95 },
    })
    expect(s.data.sdk_script_url).toContain("/pp3/sdk/js?authKey=")
    expect(JSON.stringify(s.data)).not.toMatch(new RegExp(FLEXSHOPPER_SANDBOX_API_KEY))
    const other = await failure(
      provider.initiatePayment({
        amount: 700,
        currency_code: "usd",
        data: { cart_id: s.cartId, transaction_id: s.transactionId },
      }),
    )
    expect(other.message).toMatch(/cart total changed/)
  })

  it("keeps nothing a browser sent along through the stock route: every key it did not write comes back null (issue #15)", async () => {
    const s = await signedSession()
    const sent = {
      cart_id: s.cartId,
      transaction_id: s.transactionId,
      session_id: "payses_forged",
      status: "finalized",
      lease_number: "FORGED",
      captured_cents: 70395,
      pending_capture: { cents: 1, key: "x" },
      evil: "x",
    }
    const again = await provider.initiatePayment({ amount: 703.95, currency_code: "usd", data: sent })
    const stored = { ...sent, ...again.data }
    expect(stored).toMatchObject({
      status: "awaiting_signature",
      lease_number: null,
      captured_cents: null,
      pending_capture: null,
      evil: null,
    })
    expect((await provider.authorizePayment({ data: stored })).status).toBe(PaymentSessionStatus.PENDING)
  })
})

describe("authorize", () => {
  it("waits while the lease is unsigned, and refuses a signed lease the cart check did not see", async () => {
    const s = await signedSession()
    // No transaction yet (modal not opened), then opened but not signed: waiting for the shopper.
    expect((await provider.authorizePayment({ data: s.data })).status).toBe(PaymentSessionStatus.PENDING)
    const opened = await openCheckout(`${sandbox.lenderUrl("flexshopper")}/pp3`, {
      authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY,
      authCode: s.authCode,
      order: s.order,
    })
    expect((await provider.authorizePayment({ data: s.data })).status).toBe(PaymentSessionStatus.REQUIRES_MORE)
    await signInModal(opened.data!.modalUrl)
    const refused = await failure(provider.authorizePayment({ data: s.data }))
    expect(refused.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(refused.message).toMatch(/POST \/store\/financing\/flexshopper\/complete/)
  })

  it("finalizes a checked lease and keeps the lease and loan numbers", async () => {
    const a = await authorized()
    expect(a.status).toBe(PaymentSessionStatus.AUTHORIZED)
    expect(a.data).toMatchObject({
      status: "finalized",
      lease_number: expect.stringMatching(/^FS/),
      loan_number: expect.any(String),
      captured_cents: 0,
    })
    expect(log.operations.map((o) => `${o.operation}:${o.outcome}`)).toContain("finalize:succeeded")
  })

  it("cancels the lease when it does not match what was checked", async () => {
    const s = await signedSession()
    await signLease(`${sandbox.lenderUrl("flexshopper")}/pp3`, {
      authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY,
      authCode: s.authCode,
      order: s.order,
    })
    await log.putSecret({
      lender: "flexshopper",
      purpose: SECRET.cartCheck,
      payment_session_id: s.sessionId,
      value: { transactionId: s.transactionId, digest: "something-else" },
    })
    const refused = await failure(provider.authorizePayment({ data: s.data }))
    expect(refused.message).toMatch(
      /does not match the cart \(the lease changed after it was checked against the cart\); the lease was canceled/,
    )
    expect(sandbox.ledger("flexshopper").list({ type: "items.canceled", ref: s.transactionId })).toHaveLength(1)
  })
})

describe("capture", () => {
  it("captures exactly what Medusa captures, never more than FlexShopper was told was delivered", async () => {
    const a = await authorized()
    await client.confirmShipment(a.transactionId, [{ sku: "TABLE-OAK-NAT", ...ship }])
    captures.set("capt_all", 703.95)
    const admin = await failure(provider.capturePayment({ data: a.data, context: { idempotency_key: "capt_all" } }))
    expect(admin.message).toMatch(
      /FlexShopper pays on delivery confirmation.*confirmed \$613\.95 and \$0\.00 is captured/,
    )
    // An amount staged in the data by an earlier version changes nothing: the capture row decides.
    captures.set("capt_more", 613.96)
    const tooMuch = await failure(
      provider.capturePayment({
        data: { ...a.data, pending_capture: { cents: 61395, key: "k" } },
        context: { idempotency_key: "capt_more" },
      }),
    )
    expect(tooMuch.type).toBe(MedusaError.Types.NOT_ALLOWED)
    captures.set("capt_confirmed", 613.95)
    const ok = await provider.capturePayment({
      data: { ...a.data, pending_capture: { cents: 1, key: "k" } },
      context: { idempotency_key: "capt_confirmed" },
    })
    expect(ok.data).toMatchObject({ captured_cents: 61395, pending_capture: null })
  })
})

describe("cancel and refund", () => {
  it("cancels every item before shipping; after shipping it says to use a return", async () => {
    const a = await authorized()
    expect((await provider.cancelPayment({ data: a.data })).data).toMatchObject({ status: "canceled" })
    expect(sandbox.ledger("flexshopper").list({ type: "items.canceled", ref: a.transactionId })).toHaveLength(1)

    const b = await authorized()
    await client.confirmShipment(b.transactionId, [{ sku: "LAMP-BRASS", quantity: 1, ...ship }])
    const refused = await failure(provider.cancelPayment({ data: b.data }))
    expect(refused.message).toMatch(
      /already shipped or been delivered, so it cannot be canceled; create a return instead/,
    )
  })

  it("refunds unshipped items by canceling them, and refuses amounts that are no whole line", async () => {
    const a = await authorized()
    await client.confirmShipment(a.transactionId, [{ sku: "TABLE-OAK-NAT", ...ship }])
    const odd = await failure(provider.refundPayment({ data: a.data, amount: 50 }))
    expect(odd.type).toBe(MedusaError.Types.INVALID_DATA)
    expect(odd.message).toMatch(/cannot refund \$50\.00.*\$90\.00 \(cancel 2 unshipped × LAMP-BRASS\)/)
    const refunded = await provider.refundPayment({ data: a.data, amount: { value: "90", precision: 20 } as never })
    expect(refunded.data).toMatchObject({ credits: {} })
    const tx = await client.getTransaction(a.transactionId)
    expect(tx.items.find((i) => i.sku === "LAMP-BRASS")!.quantityByStatus).toEqual({ ordered: 2, canceled: 2 })
  })
})

describe("status and webhooks", () => {
  it("maps the lender state, and ignores webhooks (FlexShopper sends none)", async () => {
    const a = await authorized()
    expect((await provider.getPaymentStatus({ data: a.data })).status).toBe("authorized")
    await client.confirmShipment(a.transactionId)
    expect((await provider.getPaymentStatus({ data: a.data })).status).toBe("captured")
    expect(await provider.getWebhookActionAndData({ data: {}, rawData: "", headers: {} })).toEqual({
      action: PaymentActions.NOT_SUPPORTED,
    })
  })
})

function failure(call: Promise<unknown>): Promise<MedusaError> {
  return rejectionOf<MedusaError>(call)
}
