// Vault against its documents (seed 004, ../shared/lenders/vault.md, Vault-ist/api Wallet.json,
// Checkout.com's get-payment page), in two directions:
//  (a) our client, against a stub server answering exactly the documented examples: it copes with
//      them, and the requests it builds have the seed's fields (required ones present, nothing else);
//  (b) the Vault sandbox answers every endpoint, success and error, with the documented shape;
//      whatever no document shows must be in docs/lenders/vault.md's assumptions table.
import http from "node:http"
import type { AddressInfo } from "node:net"
import axios from "axios"
import {
  expectDocumentedCode,
  expectDocumentedShape,
  loadDocumented,
  missingPaths,
  type DocumentedExample,
} from "../../__tests__/helpers/documented"
import { sendJson, startServer, type LocalServer } from "../../__tests__/helpers/local-server"
import { isLenderError } from "../../errors"
import { checkCheckoutPayment, CheckoutLookupClient } from "../checkout"
import { VaultClient } from "../client"
import { parseVaultWebhookPayload, verifyVaultWebhook } from "../webhook"
import { startSandbox, type SandboxHandle } from "../../../../packages/sandbox/src/server"
import { createVaultSimulator } from "../../../../packages/sandbox/src/vault"
import {
  VAULT_SANDBOX_CHECKOUT_SECRET_KEY,
  VAULT_SANDBOX_CLIENT_ID,
  VAULT_SANDBOX_CLIENT_SECRET,
  VAULT_SANDBOX_MERCHANT_ID,
  VAULT_SANDBOX_PASSWORD,
  VAULT_SANDBOX_USERS,
  VAULT_SANDBOX_WEBHOOK_SECRET,
} from "../../../../packages/sandbox/src/vault/credentials"

const doc = (name: string) => loadDocumented("vault", name)
const ERRORS = () => [doc("error-common"), doc("error-fields")]
/** The error codes a Vault document shows (V5's generic example, Wallet.json's 400 example). */
const DOCUMENTED_CODES = ["COMMON", "COIN_NOT_RESOLVED"] as const
/** Endpoints no document shows at all: everything they answer must be listed. */
const UNDOCUMENTED = (endpoint: string): DocumentedExample => ({
  source: "no document shows this endpoint",
  endpoint,
  response: {},
})

function body(hit: { body: Buffer }): Record<string, unknown> {
  return JSON.parse(hit.body.toString())
}

/** The request fields a seed section marks as required are all present. */
function expectRequired(request: Record<string, unknown>, fields: string[]): void {
  expect(fields.filter((f) => typeof request[f] !== "string" || !request[f])).toEqual([])
}

describe("(a) the client against Vault's documented examples", () => {
  let server: LocalServer
  let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void
  let client: VaultClient

  beforeAll(async () => {
    server = await startServer((req, res) => answer(req, res))
  })
  afterAll(() => server.close())
  beforeEach(() => {
    server.hits.length = 0
    client = new VaultClient({
      authBaseUrl: server.url,
      merchantId: "merchant-uuid",
      clientId: "doc",
      clientSecret: "secret",
      retry: { retries: 0 },
    })
  })
  afterEach(() => client.close())

  /** Answers the token call with the documented token, everything else with `rest`. */
  const serve = (rest: (req: http.IncomingMessage, res: http.ServerResponse) => void) => {
    answer = (req, res) =>
      req.url === "/oauth/token" ? sendJson(res, 200, doc("oauth-token").response) : rest(req, res)
  }
  const apiHits = () => server.hits.filter((h) => h.url !== "/oauth/token")

  it("POST /oauth/token: the documented form and X-Merchant-ID; the documented token is used as the bearer", async () => {
    serve((_req, res) => sendJson(res, 200, { accounts: [] }))
    const token = await client.signIn("+447700900001", "pw")
    expect(token.accessToken).toBe("string")
    const [hit] = server.hits
    const form = Object.fromEntries(new URLSearchParams(hit.body.toString()))
    expectDocumentedShape("vault", form, doc("oauth-token"), "request")
    expect(missingPaths(form, doc("oauth-token").request)).toEqual([])
    expect(hit.headers["content-type"]).toMatch(/application\/x-www-form-urlencoded/)
    expect(hit.headers["x-merchant-id"]).toBe("merchant-uuid")
    expect(hit.headers.authorization).toBe(`Basic ${Buffer.from("doc:secret").toString("base64")}`)
    await client.listAccounts(client.shopperAuth(token))
    expect(apiHits()[0].headers.authorization).toBe("Bearer string")
  })

  it("create or retrieve (seed §1.1): only the seed's fields, invoiceId and type always, accountId for PLATFORM", async () => {
    serve((_req, res) => sendJson(res, 201, { paymentId: "p1", invoiceId: "i1", type: "CHECKOUT", status: "PENDING" }))
    await client.createOrGetPayment({
      invoiceId: "i1",
      type: "CHECKOUT",
      discountCode: "VAULT10",
      redirectUrl: "https://shop.test/back",
    })
    await client.createOrGetPayment({ invoiceId: "i1", type: "PLATFORM", accountId: "acc-1" })
    await client.getPayment({ paymentId: "p1", invoiceId: "i1", type: "EXTERNAL" })
    await client.createOrGetPayment({ invoiceId: "i1", type: "EXTERNAL", someData: "ref=1" })
    const sent = apiHits().map(body)
    // redirectUrl (V1's redirect link, name inferred) and someData on create are listed assumptions.
    for (const request of sent) {
      expectDocumentedShape("vault", request, doc("create-or-retrieve-payment"), "request")
      expectRequired(request, ["invoiceId", "type"])
    }
    expect(sent[1]).toMatchObject({ type: "PLATFORM", accountId: "acc-1" })
    expect(sent[2]).toEqual({ paymentId: "p1", invoiceId: "i1", type: "EXTERNAL" })
    expect(apiHits().map((h) => `${h.method} ${h.url}`)).toEqual(Array(4).fill("POST /invoice/payment"))
    // Missing required fields never leave the client.
    const before = server.hits.length
    await expect(client.createOrGetPayment({ invoiceId: "i1", type: "PLATFORM" })).rejects.toThrow(/accountId required/)
    await expect(client.createOrGetPayment({ invoiceId: "", type: "CHECKOUT" })).rejects.toThrow(/invoiceId required/)
    expect(server.hits.length).toBe(before)
  })

  it("update (seed §1.2): paymentId, invoiceId and type, someData as a string; refused without invoiceId or type", async () => {
    serve((_req, res) =>
      sendJson(res, 200, {
        paymentId: "p1",
        invoiceId: "i2",
        type: "EXTERNAL",
        status: "PENDING",
        amount: 12.5,
        currency: "GBP",
      }),
    )
    const updated = await client.updatePayment("p1", {
      invoiceId: "i2",
      type: "EXTERNAL",
      discountCode: "FIVEOFF",
      someData: "ref=2",
    })
    expect(updated).toMatchObject({ invoiceId: "i2", amount: "12.50" })
    const [hit] = apiHits()
    expect(`${hit.method} ${hit.url}`).toBe("PUT /invoice/payment/p1")
    expectDocumentedShape("vault", body(hit), doc("update-payment"), "request")
    expect(body(hit)).toEqual({
      paymentId: "p1",
      invoiceId: "i2",
      type: "EXTERNAL",
      discountCode: "FIVEOFF",
      someData: "ref=2",
    })
    await expect(client.updatePayment("p1", { type: "EXTERNAL" } as never)).rejects.toThrow(/invoiceId required/)
    await expect(client.updatePayment("p1", { invoiceId: "i2" } as never)).rejects.toThrow(/type required/)
    expect(apiHits()).toHaveLength(1)
  })

  it("confirm (seed §1.3): paymentId, invoiceId, type and accountId for PLATFORM", async () => {
    serve((_req, res) => sendJson(res, 200, { paymentId: "p1", invoiceId: "i1", type: "PLATFORM", status: "SUCCESS" }))
    await client.confirmPayment("p1", { invoiceId: "i1", type: "PLATFORM", accountId: "acc-1" })
    const [hit] = apiHits()
    expect(`${hit.method} ${hit.url}`).toBe("POST /invoice/payment/p1/confirm")
    expectDocumentedShape("vault", body(hit), doc("confirm-payment"), "request")
    expectRequired(body(hit), ["paymentId", "invoiceId", "type", "accountId"])
    await expect(client.confirmPayment("p1", { invoiceId: "i1", type: "PLATFORM" })).rejects.toThrow(
      /accountId required/,
    )
  })

  it("the payment response's checkout field names are options (Vault's partner pack may name them otherwise)", async () => {
    serve((_req, res) =>
      sendJson(res, 201, {
        paymentId: "p1",
        invoiceId: "i1",
        type: "CHECKOUT",
        status: "PENDING",
        _links: { redirect: { href: "https://pay.example/ps_1" } },
        session: "ps_1",
      }),
    )
    const renamed = new VaultClient({
      authBaseUrl: server.url,
      merchantId: "m",
      clientId: "doc",
      clientSecret: "secret",
      fields: { checkoutUrl: "_links.redirect.href", checkoutSessionId: "session" },
    })
    try {
      expect(await renamed.createOrGetPayment({ invoiceId: "i1", type: "CHECKOUT" })).toMatchObject({
        checkoutUrl: "https://pay.example/ps_1",
        checkoutSessionId: "ps_1",
        checkoutPaymentId: null,
      })
    } finally {
      renamed.close()
    }
  })

  it("Vault's own status words and the redirect-link field name are options too", async () => {
    serve((_req, res) => sendJson(res, 201, { paymentId: "p1", invoiceId: "i1", type: "CHECKOUT", status: "paid" }))
    const renamed = new VaultClient({
      authBaseUrl: server.url,
      merchantId: "m",
      clientId: "doc",
      clientSecret: "secret",
      statusWords: { SUCCESS: ["PAID", "COMPLETED"] },
      redirectUrlField: "returnLink",
    })
    try {
      expect(
        (
          await renamed.createOrGetPayment({
            invoiceId: "i1",
            type: "CHECKOUT",
            redirectUrl: "https://shop.example/back",
          })
        ).status,
      ).toBe("SUCCESS")
      const sent = JSON.parse(server.hits.at(-1)!.body.toString("utf8"))
      expect(sent).toEqual({ invoiceId: "i1", type: "CHECKOUT", returnLink: "https://shop.example/back" })
      // Without the options the word is kept (upper-cased) and the plugin waits on it as unknown.
      expect((await client.createOrGetPayment({ invoiceId: "i1", type: "CHECKOUT" })).status).toBe("PAID")
    } finally {
      renamed.close()
    }
  })

  it("errors: the documented body becomes a lender error with its code, field and x-request-id", async () => {
    serve((req, res) =>
      req.url === "/v2/wallets"
        ? sendJson(
            res,
            400,
            {
              ...(doc("error-fields").response as object),
              error: "COIN_NOT_RESOLVED",
              message: "Coin EUR not found in symboldb",
              field: "currency",
            },
            { "x-request-id": "req-400" },
          )
        : sendJson(res, 500, doc("error-common").response, { "x-request-id": "req-500" }),
    )
    const common = await client.createOrGetPayment({ invoiceId: "i1", type: "CHECKOUT" }).catch((e: unknown) => e)
    expect(
      isLenderError(common) && { code: common.lenderCode, id: common.lenderRequestId, status: common.httpStatus },
    ).toEqual({ code: "COMMON", id: "req-500", status: 500 })
    const token = await client.signIn("+447700900001", "pw")
    const fields = await client.listAccounts(client.shopperAuth(token)).catch((e: unknown) => e)
    expect(isLenderError(fields) && fields.message).toMatch(/Coin EUR not found in symboldb \(field: currency\)/)
  })

  it("GET /v2/wallets: the documented example (numbers, no account id) is read without floats; accounts without an id are not offered", async () => {
    const example = doc("wallets").response as { accounts: Array<Record<string, unknown>> }
    const accounts = [
      { ...example.accounts[0], currency: "GBP", balance: 1234.5, availableBalance: 1200.1 },
      { ...example.accounts[0], id: "acc-1", currency: "KWD", balance: "1.25", availableBalance: 1.25 },
    ]
    serve((_req, res) => sendJson(res, 200, { ...example, accounts }))
    const listed = await client.listAccounts(client.shopperAuth(await client.signIn("+447700900001", "pw")))
    expect(listed.map((a) => [a.id, a.currency, a.balance, a.availableBalance])).toEqual([
      ["acc-1", "KWD", "1.250", "1.250"],
    ])
  })

  it("webhooks (seed §2.1, §2.2): both documented payloads parse; externalData stays a string", async () => {
    const platform = {
      payload: {
        ...(doc("webhook-platform").request as { payload: object }).payload,
        paymentId: "p1",
        invoiceId: "i1",
        status: "success",
        amount: 450.5,
        currency: "gbp",
        paymentDate: 1764892800000,
      },
    }
    const external = {
      payload: {
        ...(doc("webhook-external").request as { payload: object }).payload,
        paymentId: "p2",
        invoiceId: "i2",
        status: "FAILED",
        amount: 3,
        currency: "KWD",
        paymentDate: 1764892800000,
        externalData: "acme:EXT-1",
      },
    }
    expectDocumentedShape("vault", platform, doc("webhook-platform"), "request")
    expectDocumentedShape("vault", external, doc("webhook-external"), "request")
    expect(parseVaultWebhookPayload(platform)).toEqual({
      paymentId: "p1",
      invoiceId: "i1",
      status: "SUCCESS",
      amount: "450.50",
      currency: "GBP",
      paymentDate: "2025-12-05T00:00:00.000Z",
      externalData: null,
    })
    expect(parseVaultWebhookPayload(external)).toMatchObject({ amount: "3.000", externalData: "acme:EXT-1" })
  })

  it("Checkout.com GET /payments/{id}: the documented payment verifies against the invoice; a 404 is 'not found'", async () => {
    const payment = {
      ...(doc("checkout-get-payment").response as object),
      reference: "inv-1",
      "3ds": { authentication_response: "Y" },
      metadata: {},
    }
    answer = (req, res) =>
      req.url === "/payments/pay_abcdef123" ? sendJson(res, 200, payment) : res.writeHead(404).end()
    const lookup = new CheckoutLookupClient({ baseUrl: server.url, secretKey: "sk_test" })
    try {
      const found = await lookup.getPayment("pay_abcdef123")
      expect(checkCheckoutPayment(found, { amount: "450.00", currency: "GBP", reference: "inv-1" })).toEqual({
        ok: true,
      })
      expect(checkCheckoutPayment(found, { amount: "450.01", currency: "GBP", reference: "inv-1" })).toEqual({
        ok: false,
        reason: "amount_mismatch",
      })
      expect(await lookup.getPayment("sid_unknown1234")).toBeNull()
      expect(server.hits.map((h) => h.headers.authorization)).toEqual(["Bearer sk_test", "Bearer sk_test"])
    } finally {
      lookup.close()
    }
  })
})

describe("(b) the sandbox answers every endpoint with the documented shape", () => {
  const raw = axios.create({ validateStatus: () => true, proxy: false, maxRedirects: 0 })
  const [RICH, BROKE] = VAULT_SANDBOX_USERS
  let sandbox: SandboxHandle
  let receiver: http.Server
  let notifyUrl: string
  const notices: Array<{ headers: http.IncomingHttpHeaders; body: string }> = []
  let base: string
  let merchant: string
  let shopper: string

  const token = async (form: Record<string, string>) => {
    const res = await raw.post(`${base}/oauth/token`, new URLSearchParams(form).toString(), {
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-merchant-id": VAULT_SANDBOX_MERCHANT_ID,
        authorization: `Basic ${Buffer.from(`${VAULT_SANDBOX_CLIENT_ID}:${VAULT_SANDBOX_CLIENT_SECRET}`).toString("base64")}`,
      },
    })
    return res
  }
  const as = (bearer: string) => ({
    headers: { authorization: `Bearer ${bearer}`, "x-merchant-id": VAULT_SANDBOX_MERCHANT_ID },
  })
  const newInvoice = async (amount = "450.00", currency = "GBP") =>
    (
      await raw.post(
        `${base}/invoice`,
        { amount, currency, reference: `ref-${Math.random()}`, notifyUrl },
        as(merchant),
      )
    ).data
  const createPayment = (request: Record<string, unknown>, bearer = merchant) =>
    raw.post(`${base}/invoice/payment`, request, as(bearer))

  /** A Vault error: the documented body, and a code a document shows or the assumptions list. */
  const expectVaultError = (res: { status: number; data: Record<string, unknown> }, status: number, code: string) => {
    expect({ status: res.status, error: res.data.error }).toEqual({ status, error: code })
    expectDocumentedShape("vault", res.data, ERRORS())
    expect(missingPaths(res.data, { error: 0, errorId: 0, message: 0, systemId: 0 })).toEqual([])
    expectDocumentedCode("vault", code, DOCUMENTED_CODES)
  }
  const paymentShape = (data: unknown) => expectDocumentedShape("vault", data, doc("create-or-retrieve-payment"))

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on("data", (c) => chunks.push(c))
      req.on("end", () => {
        notices.push({ headers: req.headers, body: Buffer.concat(chunks).toString() })
        res.writeHead(200).end()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
    notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`
    sandbox = await startSandbox({
      port: 0,
      quiet: true,
      simulators: [createVaultSimulator()],
      env: { VAULT_SANDBOX_NOTIFY_BACKOFF_MS: "5" },
    })
    base = sandbox.lenderUrl("vault")
  })
  afterAll(async () => {
    await sandbox.close()
    await new Promise((resolve) => receiver.close(resolve))
  })
  beforeEach(async () => {
    sandbox.reset()
    notices.length = 0
    merchant = (await token({ grant_type: "client_credentials" })).data.access_token
    shopper = (await token({ grant_type: "mobile_phone", number: RICH.phone, password: VAULT_SANDBOX_PASSWORD })).data
      .access_token
  })

  it("POST /oauth/token: the documented token; refusals in the OAuth layer's words", async () => {
    const ok = await token({ grant_type: "mobile_phone", number: BROKE.phone, password: VAULT_SANDBOX_PASSWORD })
    expectDocumentedShape("vault", ok.data, doc("oauth-token"))
    expect(missingPaths(ok.data, doc("oauth-token").response)).toEqual([])
    const refused = await token({ grant_type: "mobile_phone", number: BROKE.phone, password: "wrong" })
    expect(refused.status).toBe(400)
    expectDocumentedShape("vault", refused.data, ERRORS())
    expectDocumentedCode("vault", refused.data.error, DOCUMENTED_CODES)
    expectDocumentedCode("vault", (await token({ grant_type: "password" })).data.error, DOCUMENTED_CODES)
  })

  it("bearer and merchant checks: 401 in the OAuth layer's words, 403 with Vault's generic code", async () => {
    const missing = await raw.get(`${base}/v2/wallets`)
    expect(missing.status).toBe(401)
    expectDocumentedShape("vault", missing.data, ERRORS())
    expectDocumentedCode("vault", missing.data.error, DOCUMENTED_CODES)
    expectVaultError(
      await raw.get(`${base}/v2/wallets`, {
        headers: { authorization: `Bearer ${shopper}`, "x-merchant-id": "another-merchant" },
      }),
      403,
      "COMMON",
    )
  })

  it("POST /invoice and GET /invoice/{id} (no document): every field listed as an assumption", async () => {
    const created = await raw.post(
      `${base}/invoice`,
      { amount: "450.00", currency: "GBP", reference: "ref-1", description: "Store order", notifyUrl },
      as(merchant),
    )
    expect(created.status).toBe(201)
    expectDocumentedShape("vault", created.data, UNDOCUMENTED("POST /invoice"))
    expectDocumentedShape(
      "vault",
      (await raw.get(`${base}/invoice/${created.data.invoiceId}`, as(merchant))).data,
      UNDOCUMENTED("GET /invoice/{invoiceId}"),
    )
    expectVaultError(await raw.get(`${base}/invoice/nope`, as(merchant)), 404, "INVOICE_NOT_FOUND")
    expectVaultError(
      await raw.post(`${base}/invoice`, { amount: "450.01", currency: "GBP", reference: "ref-1" }, as(merchant)),
      409,
      "DUPLICATE_REFERENCE",
    )
    expectVaultError(
      await raw.post(`${base}/invoice`, { amount: "x", currency: "GBP" }, as(merchant)),
      400,
      "VALIDATION",
    )
    expectVaultError(await raw.post(`${base}/invoice`, { amount: "1", currency: "GBP" }, as(shopper)), 403, "COMMON")
  })

  it("POST /invoice/payment: created (201) and retrieved (200) payments, and every refusal", async () => {
    const invoice = await newInvoice()
    const created = await createPayment({
      invoiceId: invoice.invoiceId,
      type: "CHECKOUT",
      redirectUrl: "https://shop.test/back",
    })
    expect(created.status).toBe(201)
    paymentShape(created.data)
    const retrieved = await createPayment({
      paymentId: created.data.paymentId,
      invoiceId: invoice.invoiceId,
      type: "CHECKOUT",
    })
    expect(retrieved.status).toBe(200)
    paymentShape(retrieved.data)
    const platform = await createPayment(
      { invoiceId: invoice.invoiceId, type: "PLATFORM", accountId: RICH.accounts[0].id, discountCode: "VAULT10" },
      shopper,
    )
    paymentShape(platform.data)
    paymentShape((await createPayment({ invoiceId: invoice.invoiceId, type: "EXTERNAL", someData: "ref=1" })).data)

    // Refusals on an invoice with no pending payment (a pending one of the same type is returned as is).
    const fresh = await newInvoice()
    expectVaultError(await createPayment({ type: "CHECKOUT" }), 400, "VALIDATION")
    expectVaultError(await createPayment({ invoiceId: fresh.invoiceId }), 400, "VALIDATION")
    expectVaultError(await createPayment({ invoiceId: "nope", type: "CHECKOUT" }), 404, "INVOICE_NOT_FOUND")
    expectVaultError(
      await createPayment({ invoiceId: fresh.invoiceId, type: "PLATFORM" }, shopper),
      400,
      "ACCOUNT_REQUIRED",
    )
    expectVaultError(
      await createPayment({ invoiceId: fresh.invoiceId, type: "PLATFORM", accountId: BROKE.accounts[0].id }, shopper),
      404,
      "ACCOUNT_NOT_FOUND",
    )
    expectVaultError(
      await createPayment({ invoiceId: fresh.invoiceId, type: "PLATFORM", accountId: RICH.accounts[0].id }),
      403,
      "COMMON",
    )
    expectVaultError(
      await createPayment({ invoiceId: fresh.invoiceId, type: "CHECKOUT", discountCode: "EXPIRED2023" }),
      400,
      "INVALID_DISCOUNT_CODE",
    )
    expectVaultError(
      await createPayment({ invoiceId: fresh.invoiceId, type: "EXTERNAL", someData: { not: "a string" } }),
      400,
      "VALIDATION",
    )
    expectVaultError(
      await createPayment({ paymentId: "nope", invoiceId: fresh.invoiceId, type: "CHECKOUT" }),
      404,
      "PAYMENT_NOT_FOUND",
    )
  })

  it("PUT /invoice/payment/{id} (update, seed §1.2): the payment, and refusals without invoiceId or type or once settled", async () => {
    const invoice = await newInvoice("99.99")
    const { paymentId } = (await createPayment({ invoiceId: invoice.invoiceId, type: "EXTERNAL" })).data
    const url = `${base}/invoice/payment/${paymentId}`
    const updated = await raw.put(
      url,
      { paymentId, invoiceId: invoice.invoiceId, type: "EXTERNAL", discountCode: "VAULT10", someData: "ref=2" },
      as(merchant),
    )
    expect(updated.status).toBe(200)
    paymentShape(updated.data)
    expectVaultError(await raw.put(url, { type: "EXTERNAL" }, as(merchant)), 400, "VALIDATION")
    expectVaultError(await raw.put(url, { invoiceId: invoice.invoiceId }, as(merchant)), 400, "VALIDATION")
    expectVaultError(
      await raw.put(`${base}/invoice/payment/nope`, { invoiceId: invoice.invoiceId, type: "EXTERNAL" }, as(merchant)),
      404,
      "PAYMENT_NOT_FOUND",
    )
    expectVaultError(
      await raw.put(url, { invoiceId: "nope", type: "EXTERNAL" }, as(merchant)),
      404,
      "INVOICE_NOT_FOUND",
    )
    const hook = {
      payload: {
        paymentId,
        invoiceId: invoice.invoiceId,
        status: "SUCCESS",
        amount: 89.99,
        currency: "GBP",
        paymentDate: Date.now(),
        externalData: "x",
      },
    }
    await raw.post(`${base}/invoice/payment/webhook/external`, hook, as(merchant))
    expectVaultError(
      await raw.put(url, { invoiceId: invoice.invoiceId, type: "EXTERNAL" }, as(merchant)),
      400,
      "INVALID_PAYMENT_STATE",
    )
  })

  it("POST /invoice/payment/{id}/confirm (seed §1.3): settled, insufficient funds, and every refusal", async () => {
    const invoice = await newInvoice("100.00")
    const rich = (
      await createPayment({ invoiceId: invoice.invoiceId, type: "PLATFORM", accountId: RICH.accounts[0].id }, shopper)
    ).data
    const confirm = (id: string, request: Record<string, unknown>, bearer = shopper) =>
      raw.post(`${base}/invoice/payment/${id}/confirm`, request, as(bearer))
    const full = {
      paymentId: rich.paymentId,
      invoiceId: invoice.invoiceId,
      type: "PLATFORM",
      accountId: RICH.accounts[0].id,
    }
    expectVaultError(await confirm(rich.paymentId, { ...full, invoiceId: undefined }), 400, "VALIDATION")
    expectVaultError(await confirm(rich.paymentId, { ...full, type: undefined }), 400, "VALIDATION")
    expectVaultError(await confirm(rich.paymentId, { ...full, accountId: undefined }), 400, "ACCOUNT_REQUIRED")
    expectVaultError(await confirm(rich.paymentId, full, merchant), 403, "COMMON")
    const settled = await confirm(rich.paymentId, full)
    expect(settled.data.status).toBe("SUCCESS")
    paymentShape(settled.data)
    expectVaultError(await confirm(rich.paymentId, full), 400, "INVALID_PAYMENT_STATE")
    expectVaultError(await confirm("nope", full), 404, "PAYMENT_NOT_FOUND")

    const brokeToken = (
      await token({ grant_type: "mobile_phone", number: BROKE.phone, password: VAULT_SANDBOX_PASSWORD })
    ).data.access_token
    const other = await newInvoice("100.00")
    const broke = (
      await createPayment({ invoiceId: other.invoiceId, type: "PLATFORM", accountId: BROKE.accounts[0].id }, brokeToken)
    ).data
    expectVaultError(
      await confirm(
        broke.paymentId,
        { paymentId: broke.paymentId, invoiceId: other.invoiceId, type: "PLATFORM", accountId: BROKE.accounts[0].id },
        brokeToken,
      ),
      400,
      "INSUFFICIENT_FUNDS",
    )
    const usd = (
      await createPayment(
        { invoiceId: (await newInvoice("1.00", "USD")).invoiceId, type: "PLATFORM", accountId: RICH.accounts[0].id },
        shopper,
      )
    ).data
    expectVaultError(
      await confirm(usd.paymentId, {
        paymentId: usd.paymentId,
        invoiceId: usd.invoiceId,
        type: "PLATFORM",
        accountId: RICH.accounts[0].id,
      }),
      400,
      "CURRENCY_MISMATCH",
    )
    const checkout = (await createPayment({ invoiceId: (await newInvoice()).invoiceId, type: "CHECKOUT" })).data
    expectVaultError(
      await confirm(
        checkout.paymentId,
        { paymentId: checkout.paymentId, invoiceId: checkout.invoiceId, type: "CHECKOUT" },
        merchant,
      ),
      400,
      "INVALID_PAYMENT_STATE",
    )
  })

  it("the webhooks (seed §2.1, §2.2): Vault's receivers take the documented payloads; its notifications are the documented payloads, externalData a string", async () => {
    const invoice = await newInvoice("20.00", "USD")
    const external = (await createPayment({ invoiceId: invoice.invoiceId, type: "EXTERNAL" })).data
    const payload = {
      paymentId: external.paymentId,
      invoiceId: invoice.invoiceId,
      status: "SUCCESS",
      amount: 20,
      currency: "USD",
      paymentDate: Date.now(),
      externalData: "acme:EXT-1",
    }
    const hook = (kind: string, p: Record<string, unknown>) =>
      raw.post(`${base}/invoice/payment/webhook/${kind}`, { payload: p }, as(merchant))
    expectDocumentedShape("vault", { payload }, doc("webhook-external"), "request")
    expectVaultError(await hook("external", { ...payload, amount: 19.99 }), 400, "VALIDATION")
    expectVaultError(await hook("external", { ...payload, externalData: { an: "object" } }), 400, "VALIDATION")
    expectVaultError(await hook("platform", payload), 400, "VALIDATION")
    expectVaultError(await hook("external", { ...payload, paymentId: "nope" }), 404, "PAYMENT_NOT_FOUND")
    const ok = await hook("external", payload)
    expect(ok.data).toEqual(doc("webhook-external").response)

    const platformInvoice = await newInvoice("10.00")
    const platform = (
      await createPayment(
        { invoiceId: platformInvoice.invoiceId, type: "PLATFORM", accountId: RICH.accounts[0].id },
        shopper,
      )
    ).data
    const platformOk = await hook("platform", {
      paymentId: platform.paymentId,
      invoiceId: platformInvoice.invoiceId,
      status: "SUCCESS",
      amount: 10,
      currency: "GBP",
      paymentDate: Date.now(),
    })
    expect(platformOk.data).toEqual(doc("webhook-platform").response)
    expectVaultError(
      await hook("platform", {
        paymentId: platform.paymentId,
        invoiceId: platformInvoice.invoiceId,
        status: "FAILED",
        amount: 10,
        currency: "GBP",
        paymentDate: Date.now(),
      }),
      400,
      "INVALID_PAYMENT_STATE",
    )

    await sandbox.webhooks.idle()
    expect(notices).toHaveLength(2)
    const [externalNotice, platformNotice] = notices.map((n) => JSON.parse(n.body))
    expectDocumentedShape("vault", externalNotice, doc("webhook-external"), "request")
    expect(missingPaths(externalNotice, doc("webhook-external").request)).toEqual([])
    expect(externalNotice.payload.externalData).toBe("acme:EXT-1")
    expectDocumentedShape("vault", platformNotice, doc("webhook-platform"), "request")
    expect(missingPaths(platformNotice, doc("webhook-platform").request)).toEqual([])
    for (const notice of notices) {
      // The only header beyond HTTP's: the (invented, listed) signature and Vault's x-request-id.
      expect(
        Object.keys(notice.headers)
          .filter((h) => h.startsWith("x-"))
          .sort(),
      ).toEqual(["x-request-id", "x-signature"])
      expect(verifyVaultWebhook(notice.body, notice.headers, { secret: VAULT_SANDBOX_WEBHOOK_SECRET }).ok).toBe(true)
    }
  })

  it("CHECKOUT: the hosted page returns to Vault's handlers with exactly the seed's cko-* parameters; Checkout.com's GET /payments has the documented shape", async () => {
    const invoice = await newInvoice()
    const payment = (
      await createPayment({ invoiceId: invoice.invoiceId, type: "CHECKOUT", redirectUrl: "https://shop.test/back" })
    ).data
    const page = `${base}/sim/cko/pay/${payment.checkoutSessionId}`
    const cko = (id: string, key = VAULT_SANDBOX_CHECKOUT_SECRET_KEY) =>
      raw.get(`${base}/sim/cko/payments/${id}`, { headers: { authorization: `Bearer ${key}` } })
    const form = { headers: { "content-type": "application/x-www-form-urlencoded" } }

    const approved = new URL((await raw.post(page, "outcome=approve", form)).headers.location)
    expect(approved.pathname).toMatch(/\/invoice\/payment\/checkout\/success$/)
    const approvedQuery = Object.fromEntries(approved.searchParams)
    expectDocumentedShape("vault", approvedQuery, doc("checkout-success-redirect"), "request")
    const paid = await cko(approvedQuery["cko-payment-id"])
    expectDocumentedShape("vault", paid.data, doc("checkout-get-payment"))
    expect(paid.data).toMatchObject({ amount: 45000, currency: "GBP", reference: invoice.invoiceId, approved: true })
    expect((await cko("pay_unknown123")).status).toBe(404)
    expect((await cko("pay_unknown123")).data).toBe("")
    expect((await cko(approvedQuery["cko-payment-id"], "sk_wrong")).status).toBe(401)
    // Vault's own success handler then sends the shopper to the merchant.
    const back = await raw.get(approved.toString())
    expect(back.headers.location).toMatch(/^https:\/\/shop\.test\/back\?/)

    const other = (await createPayment({ invoiceId: (await newInvoice()).invoiceId, type: "CHECKOUT" })).data
    const failed = new URL(
      (await raw.post(`${base}/sim/cko/pay/${other.checkoutSessionId}`, "outcome=fail-3ds", form)).headers.location,
    )
    expect(failed.pathname).toMatch(/\/invoice\/payment\/checkout\/failure$/)
    const failedQuery = Object.fromEntries(failed.searchParams)
    expectDocumentedShape("vault", failedQuery, doc("checkout-failure-redirect"), "request")
    expect(missingPaths(failedQuery, doc("checkout-failure-redirect").request)).toEqual([])
    const bySession = await cko(failedQuery["cko-session-id"])
    expectDocumentedShape("vault", bySession.data, doc("checkout-get-payment"))
    expect(bySession.data.actions).toHaveLength(1)
  })

  it("GET /v2/wallets: the documented shape (account id, type and string balances listed)", async () => {
    const wallets = await raw.get(`${base}/v2/wallets`, as(shopper))
    expect(wallets.data.accounts.length).toBeGreaterThan(0)
    expectDocumentedShape("vault", wallets.data, doc("wallets"))
  })
})
