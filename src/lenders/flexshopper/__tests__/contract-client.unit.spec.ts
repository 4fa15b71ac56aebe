// Contract (a): the FlexShopper client against FlexShopper's DOCUMENTED answers, served verbatim by a
// stub server (no sandbox involved), and the request bodies it builds checked against the documented
// requests. Fixtures: ./documented/*.json, each citing its source.
import { allDocumented, expectDocumentedShape, loadDocumented } from "../../__tests__/helpers/documented"
import { sendJson, startServer, type Hit, type LocalServer } from "../../__tests__/helpers/local-server"
import { lenderRejection as failure } from "../../../__tests__/helpers/rejections"
import { FlexShopperClient } from "../client"
import { bindCustomerToken } from "../customer-token"
import { buildLeaseOrder, leaseMismatches } from "../lease-order"
import { confirmedValueCents, toCreditItems, transactionLines } from "../lines"

const API_KEY = "contract-api-key"
const docs = allDocumented("flexshopper")
const token = bindCustomerToken("eyJhbGciOi", API_KEY)

/** METHOD + path (no query) → the documented example answered there. */
let routes: Record<string, string> = {}
let server: LocalServer
let client: FlexShopperClient

const body = (hit: Hit) => (hit.body.length ? JSON.parse(hit.body.toString()) : undefined)
const lastHit = (method: string, path: string) =>
  [...server.hits].reverse().find((h) => h.method === method && h.url.split("?")[0] === path)!

beforeAll(async () => {
  server = await startServer((req, res) => {
    const name = routes[`${req.method} ${(req.url ?? "").split("?")[0]}`]
    if (!name) return sendJson(res, 404, { error: { statusCode: 404, code: "NotFound", message: "no stub" } })
    const example = docs[name]
    sendJson(res, example.status ?? 200, example.response)
  })
  client = new FlexShopperClient({ apiKey: API_KEY, baseUrl: server.url, retry: { retries: 0 } })
})
afterAll(async () => {
  client.close()
  await server.close()
})
beforeEach(() => {
  routes = {}
})

describe("customer endpoints, against the documented answers", () => {
  it("Account Lookup: sends the documented body, reads users (meta inside data) and binds each token to this key", async () => {
    routes = { "POST /v3/users/search": "account-lookup" }
    const found = await client.searchUsers({ mobilePhone: "2125550101", ssn: "666010001" })
    expect(found.users[0]).toMatchObject({
      userId: "1234-asdf-4321-fdsa",
      decision: { status: "approved", spendingLimit: 1300 },
    })
    expect(found.users[0].customerToken.value).toBe("eyJhbGciOi")
    expect(found.meta).toEqual({ count: 1, totalPages: 1, page: 1, limit: 20 })
    const sent = lastHit("POST", "/v3/users/search")
    expect(sent.headers.authorization).toBe(API_KEY)
    expectDocumentedShape("flexshopper", body(sent), docs["account-lookup"], "request")
  })

  it("Create User, User Exists, Get User Info, Auth Code", async () => {
    routes = {
      "POST /v3/users": "create-user",
      "GET /v3/user-exists": "user-exists",
      "GET /v3/users/me": "get-user-info",
      "POST /v3/users/5a319511a86980001d602095/auth-code": "auth-code",
    }
    const created = await client.createUser({
      firstName: "John",
      lastName: "Doe",
      email: "john@example.com",
      locale: "en",
    })
    expect(created.userId).toBe("5a319511a86980001d602095")
    expectDocumentedShape("flexshopper", body(lastHit("POST", "/v3/users")), docs["create-user"], "request")
    expect(await client.userExists("john@example.com")).toEqual({ userId: "1234-asdf-4321-fdsa", exists: true })
    expect(lastHit("GET", "/v3/user-exists").url).toBe("/v3/user-exists?email=john%40example.com")
    const me = await client.getUserInfo(token)
    expect(me).toMatchObject({
      decision: { status: "approved", availableBalance: 1200 },
      verificationStatus: "succeeded",
      spendingHold: false,
    })
    expect(lastHit("GET", "/v3/users/me").headers["customer-token"]).toBe("eyJhbGciOi")
    expect(await client.createAuthCode(created.userId)).toBe("SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
  })

  it("Prequalification Start and the verification questions", async () => {
    routes = {
      "POST /v3/users/prequal/start/lease": "prequal-start",
      "GET /v3/users/me/verify-questions": "verify-questions",
    }
    const input = docs["prequal-start"].request as Parameters<FlexShopperClient["prequalStart"]>[0]
    const prequal = await client.prequalStart(input)
    expect(prequal).toMatchObject({
      prequalId: "5a319511a86980001d602095",
      decision: { limit: 1300, availableLimit: 1200 },
    })
    expect(body(lastHit("POST", "/v3/users/prequal/start/lease"))).toEqual(input)
    const quiz = await client.getVerificationQuestions(token)
    expect(quiz.questions[0].choices[0].id).toBe("7249609723")
  })

  it("a documented error envelope becomes a LenderError with FlexShopper's code; UserAlreadyExists is not a decline", async () => {
    routes = { "POST /v3/users": "create-user-exists", "GET /v3/transactions/ABC-129384": "transaction-not-found" }
    expect(
      await failure(client.createUser({ firstName: "J", lastName: "D", email: "john@example.com" })),
    ).toMatchObject({ httpStatus: 409, lenderCode: "UserAlreadyExists", declined: false })
    expect(await failure(client.getTransaction("ABC-129384"))).toMatchObject({
      httpStatus: 404,
      lenderCode: "TransactionNotFound",
    })
  })
})

describe("transactions, against the documented answers", () => {
  // A cart that leases as exactly the documented transaction: one iPad at $100.23, $1.23 shipping.
  const order = buildLeaseOrder("ABC-129384", {
    items: [{ sku: "abc123", description: "iPad Mini", brand: "Apple", quantity: 1, totalCents: 10023 }],
    shippingCents: 123,
    totalCents: 10146,
  })

  it("the lease order the plugin hands to actions.transaction.create has the documented shape", () => {
    expectDocumentedShape("flexshopper", order, docs["transaction-create"], "request")
  })

  it.each(["get-transaction-3.0", "get-transaction-3.1"])(
    "Get Transaction (%s): shipping from the top-level shippingCost, customer optional, no undocumented field needed",
    async (name) => {
      routes = { "GET /v3/transactions/ABC-129384": name }
      // The path id is the merchant's own transaction id; the answer's `id` is FlexShopper's opaque id.
      const tx = await client.getTransaction("ABC-129384")
      expect(tx.id).toBe("eyJhbGcf")
      expect(leaseMismatches(order, tx)).toEqual([])
      const lines = transactionLines(tx)
      expect(lines).toEqual([
        expect.objectContaining({ lineNumber: 1, sku: "abc123", unitCents: 10023, shippingCents: 123 }),
      ])
      if (name === "get-transaction-3.0") expect(confirmedValueCents(lines)).toBe(10023 + 123)
    },
  )

  it("a lease with another shipping charge is a mismatch", async () => {
    routes = { "GET /v3/transactions/ABC-129384": "get-transaction-3.1" }
    const dearer = buildLeaseOrder("ABC-129384", {
      items: [{ sku: "abc123", description: "iPad Mini", quantity: 1, totalCents: 10023 }],
      shippingCents: 500,
      totalCents: 10523,
    })
    expect(leaseMismatches(dearer, await client.getTransaction("ABC-129384"))).toContain(
      "the lease's shipping is $1.23 but the cart's is $5.00",
    )
  })

  it("Finalize (no body) answers the lease and loan numbers", async () => {
    routes = { "POST /v3/transactions/ABC-129384/finalize": "finalize" }
    expect(await client.finalizeTransaction("ABC-129384")).toEqual({
      transactionId: "ABC-129384",
      loanNumber: "1234567",
      leaseNumber: "1234567",
    })
    expect(body(lastHit("POST", "/v3/transactions/ABC-129384/finalize"))).toBeUndefined()
  })

  it("Confirm Shipment, Cancel Items, Return Items and Credit/Refund send the documented bodies and read the documented answers", async () => {
    routes = {
      "POST /v3/transactions/ABC-129384/confirm-shipment": "confirm-shipment",
      "POST /v3/transactions/ABC-129384/cancel": "cancel-items",
      "POST /v3/transactions/ABC-129384/return": "return-items",
      "POST /v3/transactions/ABC-129384/refund": "credit-refund",
    }
    await client.confirmShipment("ABC-129384", [
      {
        sku: "abc123",
        quantity: 1,
        carrier: "Fedex",
        shipDate: "2018-03-05",
        trackingNumber: "1Z",
        trackingLink: "https://track.example/1Z",
      },
    ])
    expectDocumentedShape(
      "flexshopper",
      body(lastHit("POST", "/v3/transactions/ABC-129384/confirm-shipment")),
      docs["confirm-shipment"],
      "request",
    )

    expect(await client.cancelItems("ABC-129384", [{ sku: "ABC123", quantity: 2 }])).toEqual({
      canceled: [{ sku: "ABC123", quantity: 2 }],
      failed: [{ sku: "XYZ789", quantity: 1 }],
    })
    expectDocumentedShape(
      "flexshopper",
      body(lastHit("POST", "/v3/transactions/ABC-129384/cancel")),
      docs["cancel-items"],
      "request",
    )

    expect((await client.returnItems("ABC-129384", [{ sku: "ABC123", quantity: 1 }])).returned).toEqual([
      { sku: "ABC123", quantity: 1 },
    ])
    expectDocumentedShape(
      "flexshopper",
      body(lastHit("POST", "/v3/transactions/ABC-129384/return")),
      docs["return-items"],
      "request",
    )

    const credit = toCreditItems([{ lineNumber: 1, sku: "ABC123", itemCents: 10023, shippingCents: 123 }])
    expect(await client.refundTransaction("ABC-129384", credit)).toEqual({
      refunded: [{ sku: "ABC123", lineNumber: 1 }],
    })
    expect(body(lastHit("POST", "/v3/transactions/ABC-129384/refund"))).toEqual(docs["credit-refund"].request)
  })

  it("lease settings", async () => {
    routes = { "GET /v3/settings/lease": "lease-settings" }
    expect(await client.getLeaseSettings({ fresh: true })).toEqual({ minimumOrderValue: 500 })
  })
})

describe("guessed paths can be overridden (a store with FlexShopper's partner pack)", () => {
  it("sends Prequalification Complete, Validate Routing Number, Verify Answers and Confirm Receipt to the configured paths", async () => {
    const valid = { data: { valid: true } }
    const answered: string[] = []
    const stub = await startServer((req, res) => {
      answered.push(`${req.method} ${req.url}`)
      sendJson(res, 200, req.url?.includes("routing") ? valid : { data: {} })
    })
    const custom = new FlexShopperClient({
      apiKey: API_KEY,
      baseUrl: stub.url,
      retry: { retries: 0 },
      paths: {
        prequalComplete: "/v3/users/me/apply/complete",
        validateRoutingNumber: "/v3/banks/routing",
        verifyAnswers: "/v3/users/me/kba",
        confirmReceipt: "/v3/transactions/{transactionId}/receipt",
      },
    })
    try {
      await custom.prequalComplete(token, {
        prequalId: "p",
        bankAccount: { routing: "021000021", account: "1234", type: "checking" },
      })
      await custom.validateRoutingNumber("021000021")
      await custom.verifyAnswers(token, { id: "q", answers: [] })
      await custom.confirmReceipt("T-1", [{ sku: "abc123", quantity: 1 }])
      expect(answered).toEqual([
        "POST /v3/users/me/apply/complete",
        "GET /v3/banks/routing?routingNumber=021000021",
        "POST /v3/users/me/kba",
        "POST /v3/transactions/T-1/receipt",
      ])
    } finally {
      custom.close()
      await stub.close()
    }
  })

  it("uses the guesses by default", async () => {
    routes = {}
    await failure(client.validateRoutingNumber("021000021"))
    await failure(client.confirmReceipt("T-1"))
    expect(server.hits.slice(-2).map((h) => `${h.method} ${h.url}`)).toEqual([
      "GET /v3/routing-numbers/021000021",
      "POST /v3/transactions/T-1/confirm-receipt",
    ])
  })
})

it("every documented example cites its source and names its endpoint", () => {
  expect(Object.keys(docs).length).toBeGreaterThanOrEqual(18)
  for (const name of Object.keys(docs))
    expect(loadDocumented("flexshopper", name).source).toMatch(/flexshopper|seed 002/)
})
