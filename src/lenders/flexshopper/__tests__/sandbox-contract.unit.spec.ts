// Contract (b): the FlexShopper sandbox answers every /v3 endpoint — success and error envelopes —
// with exactly the shapes FlexShopper documents (src/lenders/flexshopper/__tests__/documented/).
// Anything else (a field, a guessed endpoint's answer, an error code) passes only when
// docs/lenders/flexshopper.md's assumptions table lists it with its reason.
import fs from "node:fs"
import path from "node:path"
import axios from "axios"
import {
  allDocumented,
  expectDocumentedCode,
  expectDocumentedShape,
  missingPaths,
  type DocumentedExample,
} from "../../__tests__/helpers/documented"
import { startSandbox, type SandboxHandle } from "../../../../packages/sandbox/src/server"
import { createFlexShopperSimulator } from "../../../../packages/sandbox/src/flexshopper"
import {
  FLEXSHOPPER_SANDBOX_API_KEY,
  FLEXSHOPPER_SANDBOX_AUTH_KEY,
  FLEXSHOPPER_SANDBOX_OTHER_API_KEY,
} from "../../../../packages/sandbox/src/flexshopper/credentials"
import { EXISTING_CUSTOMERS, KBA_QUESTIONS } from "../../../../packages/sandbox/src/flexshopper/identities"
import { signLease } from "../../../../packages/sandbox/src/flexshopper/__tests__/modal-driver"

/** Error codes FlexShopper's pages show (shared/lenders/flexshopper.md §1). */
const DOCUMENTED_CODES = [
  "UserAlreadyExists",
  "LeaseNotFound",
  "TransactionNotFound",
  "InvalidMerchantId",
  "PaymentRequired",
  "LeaseAmountNotSatisfied",
  "ExceedSpendingLimitError",
]

const docs = allDocumented("flexshopper")
const ERROR_EXAMPLES = [docs["transaction-not-found"], docs["create-user-exists"]]
/** A guessed endpoint: no document shows any field, so every field must be a listed assumption. */
const guessed = (endpoint: string): DocumentedExample => ({
  source: "no archived page (guessed endpoint)",
  endpoint,
  response: { data: {} },
})

let sandbox: SandboxHandle
const http = axios.create({ validateStatus: () => true, proxy: false, timeout: 10_000 })
const api = (p: string) => `${sandbox.lenderUrl("flexshopper")}${p}`
let n = 0

async function call(
  method: "GET" | "POST",
  p: string,
  opts: { body?: unknown; token?: string; key?: string | null } = {},
) {
  const headers: Record<string, string> = {}
  if (opts.key !== null) headers.authorization = opts.key ?? FLEXSHOPPER_SANDBOX_API_KEY
  if (opts.token) headers["customer-token"] = opts.token
  const res = await http.request({ method, url: api(p), data: opts.body, headers })
  return { status: res.status, data: res.data }
}

function expectDocumented(
  res: { status: number; data: unknown },
  example: DocumentedExample | DocumentedExample[],
  status = 200,
) {
  expect(res.status).toBe(status)
  expectDocumentedShape("flexshopper", res.data, example)
}

/** A FlexShopper error envelope with the documented shape, a listed code and statusCode = HTTP status. */
function expectError(res: { status: number; data: any }, status: number, code?: string) {
  expect(res.status).toBe(status)
  expectDocumentedShape("flexshopper", res.data, ERROR_EXAMPLES)
  expect(res.data.error.statusCode).toBe(status)
  expectDocumentedCode("flexshopper", res.data.error.code, DOCUMENTED_CODES)
  if (code) expect(res.data.error.code).toBe(code)
}

function applicant(ssn: string) {
  const email = `contract.${Date.now()}.${n++}@example.com`
  return {
    mobilePhone: `646555${String(1000 + n).slice(-4)}`,
    optInMarketing: false,
    firstName: "Cora",
    lastName: "Contract",
    email,
    street1: "1 Main St",
    city: "Raleigh",
    regionAbbr: "NC",
    postalCode: "27601",
    country: "US",
    employmentInformation: { payFrequency: "biweekly", monthlyIncome: 4000 },
    dateOfBirth: "1990-10-10",
    ssn,
  }
}

/** A new shopper taken through every customer endpoint, each answer checked on the way. */
async function readyShopper(ssn = "666101999") {
  const input = applicant(ssn)
  const created = await call("POST", "/v3/users", {
    body: { firstName: input.firstName, lastName: input.lastName, email: input.email, locale: "en" },
  })
  expectDocumented(created, docs["create-user"])
  const token = created.data.data.token as string
  const userId = created.data.data.userId as string
  const prequal = await call("POST", "/v3/users/prequal/start/lease", { body: input })
  expectDocumented(prequal, docs["prequal-start"])
  expect(missingPaths(prequal.data, docs["prequal-start"].response)).toEqual([])
  const complete = await call("POST", "/v3/users/prequal/complete/lease", {
    token,
    body: {
      prequalId: prequal.data.data.prequalId,
      bankAccount: { routing: "021000021", account: "12345678", type: "checking" },
    },
  })
  // Guessed: answers the /users/me shape (assumptions table).
  expectDocumented(complete, docs["get-user-info"])
  const quiz = await call("GET", "/v3/users/me/verify-questions", { token })
  expectDocumented(quiz, docs["verify-questions"])
  const answers = quiz.data.data.questions.map((q: any) => ({
    questionId: q.id,
    choiceId: q.choices.find((c: any) => KBA_QUESTIONS.some((k) => k.correct === c.label)).id,
  }))
  const verified = await call("POST", "/v3/users/me/verify-answers", {
    token,
    body: { id: quiz.data.data.id, answers },
  })
  expectDocumented(verified, guessed("POST /v3/users/me/verify-answers"))
  expect(verified.data.data).toEqual({ verificationStatus: "succeeded" })
  return { token, userId, input, quizId: quiz.data.data.id as string, prequalId: prequal.data.data.prequalId as string }
}

async function signedTransaction(userId: string) {
  const transactionId = `contract-${Date.now()}-${n++}`
  const order = {
    transactionId,
    cost: 613.95,
    items: [
      {
        description: "Oak table",
        sku: "TABLE-OAK-NAT",
        brand: "Oakworks",
        cost: 599,
        quantity: 1,
        condition: "new",
        shipping: { cost: 14.95, method: "ground" },
      },
    ],
  }
  const code = await call("POST", `/v3/users/${userId}/auth-code`)
  expectDocumented(code, docs["auth-code"])
  await signLease(api("/pp3"), { authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY, authCode: code.data.code, order })
  return transactionId
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, env: {}, simulators: [createFlexShopperSimulator()] })
})
afterAll(async () => {
  await sandbox.close()
})

describe("customer endpoints", () => {
  it("Account Lookup, User Exists, Get User Info answer the documented shapes; their errors are documented envelopes", async () => {
    const known = EXISTING_CUSTOMERS[0]
    const found = await call("POST", "/v3/users/search", { body: { mobilePhone: known.mobilePhone, ssn: known.ssn } })
    expectDocumented(found, docs["account-lookup"])
    expect(found.data.data.users).toHaveLength(1)
    const token = found.data.data.users[0].token as string
    expectError(await call("POST", "/v3/users/search", { body: { ssn: known.ssn } }), 400)

    const exists = await call("GET", `/v3/user-exists?email=${encodeURIComponent(known.email)}`)
    expectDocumented(exists, docs["user-exists"])
    expect(exists.data.data.exists).toBe(true)
    expectError(await call("GET", "/v3/user-exists"), 400)

    const me = await call("GET", "/v3/users/me", { token })
    expectDocumented(me, docs["get-user-info"])
    expect(me.data.data.decision).not.toHaveProperty("applicationComplete")
    expectError(await call("GET", "/v3/users/me"), 401)
    expectError(await call("GET", "/v3/users/me", { token, key: "not-a-key" }), 401)
    expectError(await call("GET", "/v3/users/me", { key: null }), 401)
    expectError(
      await call("GET", "/v3/users/me", { token, key: FLEXSHOPPER_SANDBOX_OTHER_API_KEY }),
      403,
      "CustomerTokenApiKeyMismatch",
    )
  })

  it("Create User, Prequalification Start/Complete, routing numbers, KBA and Auth Code — successes and errors", async () => {
    const shopper = await readyShopper()
    expectError(
      await call("POST", "/v3/users", { body: { firstName: "C", lastName: "C", email: shopper.input.email } }),
      409,
      "UserAlreadyExists",
    )
    expectError(await call("POST", "/v3/users", { body: { firstName: "C" } }), 400)
    expectError(
      await call("POST", "/v3/users/prequal/start/lease", { body: { ...applicant("666101998"), country: "CA" } }),
      400,
    )

    const routing = await call("GET", "/v3/routing-numbers/021000021")
    expectDocumented(routing, guessed("GET /v3/routing-numbers/{routingNumber}"))
    expect(routing.data.data).toMatchObject({ routingNumber: "021000021", valid: true })
    expectDocumented(
      await call("GET", "/v3/routing-numbers/021000022"),
      guessed("GET /v3/routing-numbers/{routingNumber}"),
    )

    const completeAgain = (body: unknown) =>
      call("POST", "/v3/users/prequal/complete/lease", { token: shopper.token, body })
    expectError(
      await completeAgain({
        prequalId: "nope",
        bankAccount: { routing: "021000021", account: "12345678", type: "checking" },
      }),
      404,
    )
    expectError(
      await completeAgain({
        prequalId: shopper.prequalId,
        bankAccount: { routing: "021000022", account: "12345678", type: "checking" },
      }),
      400,
    )
    expectError(
      await completeAgain({
        prequalId: shopper.prequalId,
        bankAccount: { routing: "021000021", account: "12", type: "checking" },
      }),
      400,
    )

    expectError(await call("GET", "/v3/users/me/verify-questions", { token: shopper.token }), 409)
    expectError(
      await call("POST", "/v3/users/me/verify-answers", { token: shopper.token, body: { id: "nope", answers: [] } }),
      404,
    )
    expectError(
      await call("POST", "/v3/users/me/verify-answers", {
        token: shopper.token,
        body: { id: shopper.quizId, answers: [] },
      }),
      409,
    )
    expectError(await call("POST", "/v3/users/unknown-user/auth-code"), 404)

    // A declined applicant: the documented decision.status tells; the quiz is refused with a listed code.
    const declined = applicant("666301234")
    const made = await call("POST", "/v3/users", { body: { firstName: "D", lastName: "D", email: declined.email } })
    const start = await call("POST", "/v3/users/prequal/start/lease", { body: declined })
    expect(start.data.data.decision.status).toBe("failed")
    expectError(await call("GET", "/v3/users/me/verify-questions", { token: made.data.data.token }), 400)
    expectError(
      await call("POST", "/v3/users/prequal/complete/lease", {
        token: made.data.data.token,
        body: {
          prequalId: start.data.data.prequalId,
          bankAccount: { routing: "021000021", account: "12345678", type: "checking" },
        },
      }),
      400,
    )
  })

  it("lease settings", async () => {
    expectDocumented(await call("GET", "/v3/settings/lease"), docs["lease-settings"])
    expectError(await call("GET", "/v3/settings/lease", { key: "Bearer x" }), 401)
  })
})

describe("transaction endpoints", () => {
  it("Get Transaction has exactly the documented fields (no transactionId, per-item shipping, leaseNumber or finalized)", async () => {
    const shopper = await readyShopper("666101997")
    const id = await signedTransaction(shopper.userId)
    const tx = await call("GET", `/v3/transactions/${id}`)
    expectDocumented(tx, [docs["get-transaction-3.0"], docs["get-transaction-3.1"]])
    expect(missingPaths(tx.data, docs["get-transaction-3.1"].response)).toEqual([])
    expect(tx.data.data).not.toHaveProperty("transactionId")
    expect(tx.data.data).not.toHaveProperty("finalized")
    expect(tx.data.data.lease).toEqual({ id: expect.any(String), status: "signed" })
    expect(tx.data.data.shippingCost).toBe(14.95)
    expect(Object.keys(tx.data.data.items[0]).sort()).toEqual([
      "brand",
      "cost",
      "description",
      "quantity",
      "quantityByStatus",
      "sku",
    ])
    expectError(await call("GET", "/v3/transactions/no-such-transaction"), 404, "TransactionNotFound")
  })

  it("Finalize, Confirm Shipment/Receipt, Cancel, Return and Credit answer the documented shapes; their errors are listed", async () => {
    const shopper = await readyShopper("666101996")
    const id = await signedTransaction(shopper.userId)
    const tx = (p = "") => `/v3/transactions/${id}${p}`
    const ship = { sku: "TABLE-OAK-NAT", quantity: 1, carrier: "Fedex", shipDate: "2026-12-01" }

    expectError(
      await call("POST", tx("/confirm-shipment"), { body: { items: [ship] } }),
      400,
      "TransactionNotFinalized",
    )
    const finalized = await call("POST", tx("/finalize"))
    expectDocumented(finalized, docs["finalize"])
    expect(missingPaths(finalized.data, docs["finalize"].response)).toEqual([])
    expectError(
      await call("POST", tx("/refund"), {
        body: { items: [{ lineNumber: 1, sku: "TABLE-OAK-NAT", itemCredit: 599 }] },
      }),
      400,
    )

    expectError(
      await call("POST", tx("/confirm-shipment"), { body: { items: [{ sku: "TABLE-OAK-NAT", quantity: 1 }] } }),
      400,
    )
    expectError(await call("POST", tx("/confirm-shipment"), { body: { items: [{ ...ship, sku: "NOPE-SKU" }] } }), 404)
    expectError(await call("POST", tx("/confirm-shipment"), { body: { items: [{ ...ship, quantity: 5 }] } }), 400)
    expectDocumented(await call("POST", tx("/confirm-shipment"), { body: { items: [ship] } }), docs["confirm-shipment"])
    expectError(await call("POST", tx("/confirm-shipment"), { body: {} }), 400)
    expectError(await call("POST", tx("/confirm-receipt"), { body: { items: [{ sku: "NOPE-SKU" }] } }), 404)

    expectError(
      await call("POST", tx("/refund"), {
        body: { items: [{ lineNumber: 2, sku: "TABLE-OAK-NAT", itemCredit: 599 }] },
      }),
      400,
    )
    expectError(
      await call("POST", tx("/refund"), {
        body: { items: [{ lineNumber: 1, sku: "TABLE-OAK-NAT", itemCredit: 100 }] },
      }),
      400,
    )
    expectError(
      await call("POST", tx("/refund"), {
        body: { items: [{ lineNumber: 1, sku: "TABLE-OAK-NAT", itemCredit: 1198 }] },
      }),
      400,
    )
    expectError(await call("POST", tx("/refund"), { body: { items: [{ lineNumber: "x" }] } }), 400)
    expectDocumented(
      await call("POST", tx("/refund"), {
        body: { items: [{ lineNumber: 1, sku: "TABLE-OAK-NAT", shippingCredit: 14.95 }] },
      }),
      docs["credit-refund"],
    )

    const canceled = await call("POST", tx("/cancel"), {
      body: { items: [{ sku: "TABLE-OAK-NAT" }, { sku: "NOPE-SKU", quantity: 1 }] },
    })
    expectDocumented(canceled, docs["cancel-items"])
    expect(canceled.data.data.failed.map((f: any) => f.sku)).toEqual(["TABLE-OAK-NAT", "NOPE-SKU"])
    const returned = await call("POST", tx("/return"), { body: { items: [{ sku: "TABLE-OAK-NAT", quantity: 1 }] } })
    expectDocumented(returned, docs["return-items"])
    expect(returned.data.data.returned).toEqual([{ sku: "TABLE-OAK-NAT", quantity: 1 }])
    expectError(await call("POST", tx("/return"), { body: {} }), 400)
    expectError(await call("POST", "/v3/transactions/no-such/finalize"), 404, "TransactionNotFound")
  })

  it("finalize before signing, and everything canceled, are refused with listed codes; Confirm Receipt (in store) answers { data: {} }", async () => {
    const shopper = await readyShopper("666101995")
    const id = `contract-unsigned-${n++}`
    const code = await call("POST", `/v3/users/${shopper.userId}/auth-code`)
    const opened = await http.post(api("/pp3/checkouts"), {
      authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY,
      authCode: code.data.code,
      transaction: {
        transactionId: id,
        cost: 599,
        items: [{ description: "Table", sku: "TABLE-OAK-NAT", brand: "n/a", cost: 599, quantity: 1 }],
      },
    })
    expect(opened.status).toBe(201)
    expectError(await call("POST", `/v3/transactions/${id}/finalize`), 400, "LeaseNotSigned")

    const signed = await signedTransaction(shopper.userId)
    await call("POST", `/v3/transactions/${signed}/finalize`)
    expectDocumented(
      await call("POST", `/v3/transactions/${signed}/confirm-receipt`, {
        body: { items: [{ sku: "TABLE-OAK-NAT", quantity: 1 }] },
      }),
      docs["confirm-shipment"],
    )
    const other = await signedTransaction(shopper.userId)
    await call("POST", `/v3/transactions/${other}/cancel`, { body: {} })
    expectError(await call("POST", `/v3/transactions/${other}/finalize`), 400)
  })
})

it("every error code the sandbox can answer is documented or listed in the assumptions table", () => {
  const dir = path.join(__dirname, "../../../../packages/sandbox/src/flexshopper")
  const sources = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
    .join("\n")
  const codes = new Set<string>()
  for (const match of sources.matchAll(/FsError\(\s*\d+,\s*(?:[^,]*\?\s*)?"([A-Za-z]+)"(?:\s*:\s*"([A-Za-z]+)")?/g)) {
    codes.add(match[1])
    if (match[2]) codes.add(match[2])
  }
  for (const match of sources.matchAll(/^\s+\d{3}: "([A-Za-z]+)",$/gm)) codes.add(match[1])
  codes.add("ValidationError")
  expect(codes.size).toBeGreaterThan(20)
  const unlisted = [...codes].filter((code) => {
    try {
      expectDocumentedCode("flexshopper", code, DOCUMENTED_CODES)
      return false
    } catch {
      return true
    }
  })
  expect(unlisted).toEqual([])
})
