// The FlexShopper client against the FlexShopper sandbox (real HTTP, no stubs): every endpoint,
// the envelopes and error codes, the customer-token ⇄ API-key binding, and the logs it writes.
import axios from "axios"
import { startSandbox, type SandboxHandle } from "../../../../packages/sandbox/src"
import { createFlexShopperSimulator } from "../../../../packages/sandbox/src/flexshopper"
import {
  FLEXSHOPPER_SANDBOX_API_KEY,
  FLEXSHOPPER_SANDBOX_AUTH_KEY,
  FLEXSHOPPER_SANDBOX_OTHER_API_KEY,
} from "../../../../packages/sandbox/src/flexshopper/credentials"
import {
  openCheckout,
  signInModal,
  signLease,
} from "../../../../packages/sandbox/src/flexshopper/__tests__/modal-driver"
import { FlexShopperClient } from "../client"
import { bindCustomerToken } from "../customer-token"
import { buildLeaseOrder } from "../lease-order"
import type { PrequalStartInput } from "../types"
import { lenderRejection as failure } from "../../../__tests__/helpers/rejections"

let sandbox: SandboxHandle
let client: FlexShopperClient
let other: FlexShopperClient
const logs: string[] = []
const logger = {
  debug: (m: string) => logs.push(m),
  info: (m: string) => logs.push(m),
  warn: (m: string) => logs.push(m),
  error: (m: string) => logs.push(m),
}

const base = () => sandbox.lenderUrl("flexshopper")
const sdk = () => `${base()}/pp3`
let seq = 0
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`

function applicant(ssn: string, overrides: Partial<PrequalStartInput> = {}): PrequalStartInput {
  const id = unique()
  return {
    mobilePhone: `212${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`,
    firstName: "Nia",
    lastName: "New",
    email: `nia.${id}@example.com`,
    street1: "350 Fifth Avenue",
    city: "New York",
    regionAbbr: "NY",
    postalCode: "10118",
    country: "US",
    employmentInformation: { payFrequency: "biweekly", monthlyIncome: 4200 },
    dateOfBirth: "1990-10-10",
    ssn,
    ...overrides,
  }
}

/** A new customer all the way to "may sign": created, prequalified, completed, verified. */
async function readyCustomer(ssn = "666101234") {
  const input = applicant(ssn)
  const created = await client.createUser({ firstName: input.firstName, lastName: input.lastName, email: input.email })
  const prequal = await client.prequalStart(input)
  await client.prequalComplete(created.customerToken, {
    prequalId: prequal.prequalId,
    bankAccount: { routing: "021000021", account: "123456789012", type: "checking" },
  })
  const quiz = await client.getVerificationQuestions(created.customerToken)
  const answers = quiz.questions.map((q) => ({
    questionId: q.id,
    choiceId: q.choices.find((c) => ["Maple Avenue", "Honda Civic", "Orange County"].includes(c.label))!.id,
  }))
  await client.verifyAnswers(created.customerToken, { id: quiz.id, answers })
  return { ...created, input, prequal }
}

const tableOrder = (transactionId: string) =>
  buildLeaseOrder(transactionId, {
    items: [
      { sku: "TABLE-OAK-NAT", description: "Oak Dining Table", quantity: 1, totalCents: 59900 },
      { sku: "CHAIR-WING-GRN", description: "Reading Armchair", quantity: 2, totalCents: 57800 },
    ],
    shippingCents: 1495,
    totalCents: 119195,
  })

async function signedTransaction(userId: string, order = tableOrder(`cart-${unique()}`)) {
  const authCode = await client.createAuthCode(userId)
  const payload = await signLease(sdk(), { authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY, authCode, order })
  return { order, payload }
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, env: {}, simulators: [createFlexShopperSimulator()] })
  client = new FlexShopperClient({ apiKey: FLEXSHOPPER_SANDBOX_API_KEY, baseUrl: base(), logger })
  other = new FlexShopperClient({ apiKey: FLEXSHOPPER_SANDBOX_OTHER_API_KEY, baseUrl: base(), logger })
})

afterAll(async () => {
  client.close()
  other.close()
  await sandbox.close()
})

describe("authentication", () => {
  it("sends the raw API key; a Bearer scheme or an unknown key is refused with the error envelope", async () => {
    await expect(client.getLeaseSettings()).resolves.toEqual({ minimumOrderValue: 100 })
    const bearer = await axios.get(`${base()}/v3/settings/lease`, {
      headers: { authorization: `Bearer ${FLEXSHOPPER_SANDBOX_API_KEY}` },
      validateStatus: () => true,
      proxy: false,
    })
    expect(bearer.status).toBe(401)
    expect(bearer.data.error).toMatchObject({ statusCode: 401, code: "Unauthorized" })
    const wrong = await failure(new FlexShopperClient({ apiKey: "not-a-key", baseUrl: base() }).getLeaseSettings())
    expect(wrong).toMatchObject({ httpStatus: 401, lenderCode: "Unauthorized", operation: "lease-settings" })
  })
})

describe("lease settings", () => {
  it("are read once and shared for a few minutes; a fresh read (the connection test) always asks, and a failure is not kept", async () => {
    const own = new FlexShopperClient({ apiKey: FLEXSHOPPER_SANDBOX_API_KEY, baseUrl: base() })
    const start = Math.max(0, ...sandbox.faults.requests().map((r) => r.seq))
    const settingsReads = () =>
      sandbox.faults.requests("flexshopper").filter((r) => r.seq > start && r.path.endsWith("/v3/settings/lease"))
        .length
    try {
      await expect(own.getLeaseSettings()).resolves.toEqual({ minimumOrderValue: 100 })
      await expect(own.getLeaseSettings()).resolves.toEqual({ minimumOrderValue: 100 })
      expect(settingsReads()).toBe(1)
      await own.getLeaseSettings({ fresh: true })
      expect(settingsReads()).toBe(2)

      const failing = new FlexShopperClient({ apiKey: FLEXSHOPPER_SANDBOX_API_KEY, baseUrl: base() })
      // A refusal (4xx, never retried by the HTTP layer), then the same client asks again.
      sandbox.faults.failNext("flexshopper", 401, { match: { method: "GET", path: "/v3/settings/lease" } })
      await expect(failing.getLeaseSettings()).rejects.toMatchObject({ httpStatus: 401 })
      await expect(failing.getLeaseSettings()).resolves.toEqual({ minimumOrderValue: 100 })
      failing.close()
    } finally {
      own.close()
    }
  })
})

describe("customer accounts", () => {
  it("finds an existing customer by phone + SSN and returns a token bound to this API key", async () => {
    const found = await client.searchUsers({ mobilePhone: "2125550101", ssn: "666010001" })
    expect(found.users).toHaveLength(1)
    expect(found.users[0]).toMatchObject({
      firstName: "Avery",
      decision: { status: "approved", spendingLimit: 2500 },
      verificationStatus: "succeeded",
    })
    expect(found.users[0]).not.toHaveProperty("token")
    const me = await client.getUserInfo(found.users[0].customerToken)
    expect(me.userId).toBe(found.users[0].userId)
    expect(await client.searchUsers({ mobilePhone: "2125550101", ssn: "666019999" })).toMatchObject({
      users: [],
      meta: { count: 0 },
    })
  })

  it("rejects a customer token used with another API key — in the client before sending, and at the sandbox", async () => {
    const { users } = await client.searchUsers({ mobilePhone: "2125550101", ssn: "666010001" })
    const token = users[0].customerToken
    const local = await failure(other.getUserInfo(token))
    expect(local).toMatchObject({ kind: "validation", operation: "get-user-info" })
    expect(local.message).toMatch(/different FlexShopper API key/)

    // Forced past the client's guard (a token re-bound to the other key): the lender refuses it.
    const forged = bindCustomerToken(token.value, FLEXSHOPPER_SANDBOX_OTHER_API_KEY)
    const remote = await failure(other.getUserInfo(forged))
    expect(remote).toMatchObject({ httpStatus: 403, lenderCode: "CustomerTokenApiKeyMismatch" })
    expect(sandbox.ledger("flexshopper").list({ type: "security.token-key-mismatch" })).toHaveLength(1)
  })

  it("creates a user once (user-exists flips), and a second create is UserAlreadyExists", async () => {
    const email = `olga.${unique()}@example.com`
    expect(await client.userExists(email)).toEqual({ userId: null, exists: false })
    const created = await client.createUser({ firstName: "Olga", lastName: "Owens", email })
    expect(await client.userExists(email)).toEqual({ userId: created.userId, exists: true })
    const again = await failure(client.createUser({ firstName: "Olga", lastName: "Owens", email }))
    expect(again).toMatchObject({ httpStatus: 409, lenderCode: "UserAlreadyExists" })
  })
})

describe("application", () => {
  it("takes a new customer through prequalification, bank details and KBA", async () => {
    const ready = await readyCustomer("666101111")
    expect(ready.prequal.decision).toMatchObject({ status: "approved", limit: 2500, availableLimit: 2500 })
    const me = await client.getUserInfo(ready.customerToken)
    expect(me).toMatchObject({ verificationStatus: "succeeded", spendingHold: false, decision: { status: "approved" } })
    // No source documents an "application complete" flag: the sandbox does not invent one.
    expect(me.decision).not.toHaveProperty("applicationComplete")
  })

  it("decides by the documented SSN prefixes: pending, declined, and under-18 declined", async () => {
    expect((await client.prequalStart(applicant("666201111"))).decision.status).toBe("pending")
    expect((await client.prequalStart(applicant("666301111"))).decision).toMatchObject({
      status: "failed",
      approved: false,
      limit: 0,
    })
    expect((await client.prequalStart(applicant("666101112", { dateOfBirth: "2015-01-01" }))).decision.status).toBe(
      "failed",
    )
  })

  it("validates routing numbers by checksum and refuses a bad one in the application", async () => {
    expect(await client.validateRoutingNumber("021000021")).toMatchObject({
      valid: true,
      bankName: "JPMorgan Chase Bank",
    })
    expect(await client.validateRoutingNumber("021000022")).toMatchObject({ valid: false })
    const input = applicant("666101113")
    const created = await client.createUser({ firstName: "R", lastName: "N", email: input.email })
    const prequal = await client.prequalStart(input)
    const bad = await failure(
      client.prequalComplete(created.customerToken, {
        prequalId: prequal.prequalId,
        bankAccount: { routing: "021000022", account: "12345678", type: "checking" },
      }),
    )
    expect(bad).toMatchObject({ httpStatus: 400, lenderCode: "InvalidRoutingNumber" })
  })

  it("fails identity verification on a wrong answer, for good", async () => {
    const input = applicant("666101114")
    const created = await client.createUser({ firstName: "K", lastName: "B", email: input.email })
    await client.prequalStart(input)
    const quiz = await client.getVerificationQuestions(created.customerToken)
    const answers = quiz.questions.map((q) => ({ questionId: q.id, choiceId: q.choices[0].id }))
    expect(await client.verifyAnswers(created.customerToken, { id: quiz.id, answers })).toEqual({
      verificationStatus: "failed",
    })
    // The documented signal is verificationStatus; the sandbox's error code for a second quiz is
    // its own (labelled) and is not treated as a credit decline.
    expect((await client.getUserInfo(created.customerToken)).verificationStatus).toBe("failed")
    expect(await failure(client.getVerificationQuestions(created.customerToken))).toMatchObject({
      httpStatus: 403,
      lenderCode: "VerificationFailed",
      declined: false,
    })
  })
})

describe("modal and transactions", () => {
  it("auth codes are single-use and short-lived", async () => {
    const ready = await readyCustomer()
    const code = await client.createAuthCode(ready.userId)
    const order = tableOrder(`cart-${unique()}`)
    expect((await openCheckout(sdk(), { authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY, authCode: code, order })).status).toBe(
      201,
    )
    const reused = await openCheckout(sdk(), { authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY, authCode: code, order })
    expect(reused).toMatchObject({ status: 401, error: { code: "InvalidAuthCode" } })
    const late = await client.createAuthCode(ready.userId)
    sandbox.clock.advance(6 * 60 * 1000)
    expect((await openCheckout(sdk(), { authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY, authCode: late, order })).status).toBe(
      401,
    )
    sandbox.clock.reset()
  })

  it("enforces the $49.95 minimum and the spending limit", async () => {
    const { users } = await client.searchUsers({ mobilePhone: "2125550102", ssn: "666010002" })
    const lamp = {
      transactionId: `cart-${unique()}`,
      cost: 45,
      items: [{ description: "Lamp", sku: "LAMP-BRASS", brand: "n/a", cost: 45, quantity: 1 }],
    }
    const small = await openCheckout(sdk(), {
      authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY,
      authCode: await client.createAuthCode(users[0].userId),
      order: lamp,
    })
    expect(small).toMatchObject({ status: 400, error: { code: "LeaseAmountNotSatisfied" } })
    const big = await openCheckout(sdk(), {
      authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY,
      authCode: await client.createAuthCode(users[0].userId),
      order: tableOrder(`cart-${unique()}`),
    })
    expect(big).toMatchObject({ status: 400, error: { code: "ExceedSpendingLimitError" } })
  })

  it("signs in the modal, finalizes only after signing, and keeps transactions per merchant", async () => {
    const ready = await readyCustomer()
    const order = tableOrder(`cart-${unique()}`)
    const opened = await openCheckout(sdk(), {
      authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY,
      authCode: await client.createAuthCode(ready.userId),
      order,
    })
    expect((await client.getTransaction(order.transactionId)).lease.status).toBe("pending")
    expect(await failure(client.finalizeTransaction(order.transactionId))).toMatchObject({
      httpStatus: 400,
      lenderCode: "LeaseNotSigned",
    })
    const signed = await signInModal(opened.data!.modalUrl)
    expect(signed.payload).toEqual({
      transactionId: order.transactionId,
      leaseNumber: expect.stringMatching(/^FS\d{7}$/),
    })
    expect(signed.html).toContain("postMessage")
    const tx = await client.getTransaction(order.transactionId)
    expect(tx).toMatchObject({ lease: { status: "signed" }, customer: { id: ready.userId }, shippingCost: 14.95 })
    expect(tx.items.map((i) => [i.sku, i.quantity, i.cost])).toEqual([
      ["TABLE-OAK-NAT", 1, 599],
      ["CHAIR-WING-GRN", 2, 289],
    ])
    const finalized = await client.finalizeTransaction(order.transactionId)
    expect(finalized).toMatchObject({ transactionId: order.transactionId, leaseNumber: signed.payload!.leaseNumber })
    expect(await client.finalizeTransaction(order.transactionId)).toEqual(finalized)
    expect(await failure(other.getTransaction(order.transactionId))).toMatchObject({
      httpStatus: 404,
      lenderCode: "TransactionNotFound",
    })
  })

  it("requires and takes a security deposit when the shopper's approval says so", async () => {
    const ready = await readyCustomer("666501234")
    const order = tableOrder(`cart-${unique()}`)
    const opened = await openCheckout(sdk(), {
      authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY,
      authCode: await client.createAuthCode(ready.userId),
      order,
    })
    expect((await signInModal(opened.data!.modalUrl)).status).toBe(402)
    expect((await signInModal(opened.data!.modalUrl, { depositCard: "4000000000000002" })).status).toBe(402)
    const paid = await signInModal(opened.data!.modalUrl, { depositCard: "4111111111111111" })
    expect(paid.payload?.transactionId).toBe(order.transactionId)
    expect(sandbox.ledger("flexshopper").list({ type: "deposit.paid", ref: order.transactionId })).toEqual([
      expect.objectContaining({ amount: "25.00" }),
    ])
  })

  it("ships, receives, cancels, returns and credits within the per-SKU invariants", async () => {
    const ready = await readyCustomer()
    const { order } = await signedTransaction(ready.userId)
    const id = order.transactionId
    const ship = { carrier: "UPS", shipDate: "2026-01-05" }
    expect(await failure(client.confirmShipment(id, [{ sku: "TABLE-OAK-NAT", ...ship }]))).toMatchObject({
      lenderCode: "TransactionNotFinalized",
    })
    await client.finalizeTransaction(id)
    await client.confirmShipment(id, [{ sku: "CHAIR-WING-GRN", quantity: 1, trackingNumber: "1Z999", ...ship }])
    expect(await failure(client.confirmShipment(id, [{ sku: "CHAIR-WING-GRN", quantity: 2, ...ship }]))).toMatchObject({
      httpStatus: 400,
      lenderCode: "QuantityExceedsOrdered",
    })
    expect(
      await failure(client.confirmShipment(id, [{ sku: "CHAIR-WING-GRN", quantity: 1, carrier: "UPS" } as never])),
    ).toMatchObject({ httpStatus: 400 })

    // Cancel: the shipped chair cannot be canceled, the open one can.
    const canceled = await client.cancelItems(id, [{ sku: "CHAIR-WING-GRN", quantity: 2 }])
    expect(canceled).toEqual({
      canceled: [{ sku: "CHAIR-WING-GRN", quantity: 1 }],
      failed: [
        expect.objectContaining({ sku: "CHAIR-WING-GRN", quantity: 1, reason: expect.stringMatching(/return/) }),
      ],
    })

    // Return: nothing of the table has been delivered yet.
    expect((await client.returnItems(id, [{ sku: "TABLE-OAK-NAT" }])).failed).toEqual([
      expect.objectContaining({ sku: "TABLE-OAK-NAT" }),
    ])
    await client.confirmReceipt(id, [{ sku: "TABLE-OAK-NAT" }])
    const tx = await client.getTransaction(id)
    expect(tx.items.map((i) => i.quantityByStatus)).toEqual([
      { ordered: 1, received: 1 },
      { ordered: 2, shipped: 1, canceled: 1 },
    ])

    expect(await client.returnItems(id, [{ sku: "TABLE-OAK-NAT" }])).toEqual({
      returned: [{ sku: "TABLE-OAK-NAT", quantity: 1 }],
      failed: [],
    })
    expect(
      await failure(client.refundTransaction(id, [{ lineNumber: 2, sku: "TABLE-OAK-NAT", itemCredit: 599 }])),
    ).toMatchObject({ lenderCode: "InvalidLineItem" })
    expect(
      await failure(client.refundTransaction(id, [{ lineNumber: 1, sku: "TABLE-OAK-NAT", itemCredit: 300 }])),
    ).toMatchObject({ lenderCode: "PartialItemCredit" })
    expect(
      await client.refundTransaction(id, [
        { lineNumber: 1, sku: "TABLE-OAK-NAT", itemCredit: 599, shippingCredit: 14.95 },
      ]),
    ).toEqual({ refunded: [{ sku: "TABLE-OAK-NAT", lineNumber: 1 }] })
    expect(
      await failure(client.refundTransaction(id, [{ lineNumber: 1, sku: "TABLE-OAK-NAT", itemCredit: 599 }])),
    ).toMatchObject({ lenderCode: "CreditExceedsLine" })
    const ledger = sandbox.ledger("flexshopper")
    expect(ledger.list({ type: "credit", ref: id })).toEqual([expect.objectContaining({ amount: "613.95" })])
    expect(ledger.list({ type: "shipment.confirmed", ref: id })).toHaveLength(1)
  })

  it("accepts the Magento module's /return-items path too", async () => {
    const ready = await readyCustomer()
    const { order } = await signedTransaction(ready.userId)
    await client.finalizeTransaction(order.transactionId)
    await client.confirmShipment(order.transactionId)
    const res = await axios.post(
      `${base()}/v3/transactions/${order.transactionId}/return-items`,
      { items: [{ sku: "CHAIR-WING-GRN", quantity: 1 }] },
      { headers: { authorization: FLEXSHOPPER_SANDBOX_API_KEY }, proxy: false },
    )
    expect(res.data.data.returned).toEqual([{ sku: "CHAIR-WING-GRN", quantity: 1 }])
  })
})

describe("logs", () => {
  it("never contain SSNs, bank account numbers, customer tokens or the API key", async () => {
    const ready = await readyCustomer("666107777")
    await client.getUserInfo(ready.customerToken)
    const joined = logs.join("\n")
    expect(logs.length).toBeGreaterThan(10)
    expect(joined).toContain("prequal-start")
    for (const secret of [
      "666107777",
      "123456789012",
      ready.customerToken.value,
      FLEXSHOPPER_SANDBOX_API_KEY,
      ready.input.email,
    ]) {
      expect(joined).not.toContain(secret)
    }
  })
})
