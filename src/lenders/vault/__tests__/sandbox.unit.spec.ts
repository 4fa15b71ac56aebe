// The Vault simulator through the plugin's own Vault client: what a real Vault would accept,
// refuse, and what it does to money (ledger) and to the merchant (signed notifications).
import http from "node:http"
import type { AddressInfo } from "node:net"
import axios from "axios"
import { startSandbox, type SandboxHandle } from "../../../../packages/sandbox/src/server"
import { createVaultSimulator } from "../../../../packages/sandbox/src/vault"
import { VaultClient } from "../client"
import { CheckoutLookupClient } from "../checkout"
import { verifyVaultWebhook, parseVaultWebhookPayload } from "../webhook"
import {
  VAULT_SANDBOX_CHECKOUT_SECRET_KEY,
  VAULT_SANDBOX_CLIENT_ID,
  VAULT_SANDBOX_CLIENT_SECRET,
  VAULT_SANDBOX_MERCHANT_ID,
  VAULT_SANDBOX_PASSWORD,
  VAULT_SANDBOX_USERS,
  VAULT_SANDBOX_WEBHOOK_SECRET,
} from "../../../../packages/sandbox/src/vault/credentials"
import { lenderRejection as failure } from "../../../__tests__/helpers/rejections"

const [RICH, BROKE] = VAULT_SANDBOX_USERS
const raw = axios.create({ validateStatus: () => true, proxy: false, maxRedirects: 0 })

interface Received {
  headers: http.IncomingHttpHeaders
  body: Buffer
}

let sandbox: SandboxHandle
let receiver: http.Server
let receiverUrl: string
let received: Received[] = []
let client: VaultClient

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) })
      res.writeHead(200).end("ok")
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`
  sandbox = await startSandbox({
    port: 0,
    quiet: true,
    simulators: [createVaultSimulator()],
    env: { VAULT_SANDBOX_NOTIFY_BACKOFF_MS: "5" },
  })
})

afterAll(async () => {
  await sandbox.close()
  await new Promise((resolve) => receiver.close(resolve))
})

beforeEach(() => {
  sandbox.reset()
  received = []
  client = new VaultClient({
    authBaseUrl: sandbox.lenderUrl("vault"),
    merchantId: VAULT_SANDBOX_MERCHANT_ID,
    clientId: VAULT_SANDBOX_CLIENT_ID,
    clientSecret: VAULT_SANDBOX_CLIENT_SECRET,
    retry: { retries: 0 },
  })
})

const invoice = (amount = "450.00", currency = "GBP", reference = `ref_${Math.random()}`) =>
  client.createInvoice({ amount, currency, reference, notifyUrl: receiverUrl })

describe("OAuth", () => {
  it("requires X-Merchant-ID and the merchant's OAuth client", async () => {
    const url = `${sandbox.lenderUrl("vault")}/oauth/token`
    const form = "grant_type=client_credentials"
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from("doc:secret").toString("base64")}`,
    }
    expect((await raw.post(url, form, { headers })).status).toBe(400)
    const wrongClient = await raw.post(url, form, {
      headers: {
        ...headers,
        "x-merchant-id": VAULT_SANDBOX_MERCHANT_ID,
        authorization: `Basic ${Buffer.from("doc:nope").toString("base64")}`,
      },
    })
    expect(wrongClient.status).toBe(401)
    const ok = await raw.post(url, form, { headers: { ...headers, "x-merchant-id": VAULT_SANDBOX_MERCHANT_ID } })
    expect(ok.status).toBe(200)
    expect(ok.data).toMatchObject({ token_type: "bearer", expires_in: 86399, scope: "read write" })
  })

  it("signs shoppers in with the mobile_phone grant and refuses a wrong password", async () => {
    const token = await client.signIn(RICH.phone, VAULT_SANDBOX_PASSWORD)
    const accounts = await client.listAccounts(client.shopperAuth(token))
    expect(accounts.map((a) => `${a.currency} ${a.availableBalance}`)).toEqual([
      "GBP 5000.00",
      "USD 5000.00",
      "JPY 500000",
      "KWD 1000.000",
    ])
    const error = await failure(client.signIn(RICH.phone, "wrong"))
    expect(error).toMatchObject({ httpStatus: 400, lenderCode: "invalid_grant", lenderMessage: "Bad credentials" })
    expect(error.message).not.toContain(RICH.phone)
  })

  it("rotates refresh tokens: a spent refresh token is refused", async () => {
    const first = await client.signIn(RICH.phone, VAULT_SANDBOX_PASSWORD)
    const second = await client.refreshToken(first.refreshToken!)
    expect(second.accessToken).not.toBe(first.accessToken)
    expect((await failure(client.refreshToken(first.refreshToken!))).lenderCode).toBe("invalid_grant")
  })

  it("expires access tokens on sandbox time; the client refreshes and repeats the call once", async () => {
    await invoice()
    const before = client.merchantAuth.snapshot()!
    sandbox.clock.advance(86_400_000)
    await invoice()
    expect(client.merchantAuth.snapshot()!.accessToken).not.toBe(before.accessToken)
  })
})

describe("invoices and payments", () => {
  it("returns the same invoice for a repeated reference and refuses the reference for another amount", async () => {
    const a = await client.createInvoice({ amount: "10.00", currency: "GBP", reference: "cart-1" })
    const b = await client.createInvoice({ amount: "10", currency: "GBP", reference: "cart-1" })
    expect(b.invoiceId).toBe(a.invoiceId)
    const error = await failure(client.createInvoice({ amount: "11.00", currency: "GBP", reference: "cart-1" }))
    expect(error).toMatchObject({ httpStatus: 409, lenderCode: "DUPLICATE_REFERENCE" })
    expect(error.lenderRequestId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it("get-or-create returns the existing payment, by paymentId or as the invoice's pending payment", async () => {
    const inv = await invoice()
    const created = await client.createOrGetPayment({
      invoiceId: inv.invoiceId,
      type: "CHECKOUT",
      redirectUrl: "https://shop.test/back",
    })
    expect(created).toMatchObject({ status: "PENDING", amount: "450.00", currency: "GBP" })
    expect(created.checkoutUrl).toContain("/sim/cko/pay/ps_")
    const again = await client.createOrGetPayment({ invoiceId: inv.invoiceId, type: "CHECKOUT" })
    const byId = await client.getPayment({ paymentId: created.paymentId, invoiceId: inv.invoiceId, type: "CHECKOUT" })
    expect([again.paymentId, byId.paymentId]).toEqual([created.paymentId, created.paymentId])
    expect(
      (
        await failure(
          client.getPayment({
            paymentId: "00000000-0000-0000-0000-000000000000",
            invoiceId: inv.invoiceId,
            type: "CHECKOUT",
          }),
        )
      ).lenderCode,
    ).toBe("PAYMENT_NOT_FOUND")
  })

  it("validates type, accountId and discount codes with Vault's error body", async () => {
    const inv = await invoice()
    expect(await failure(client.createOrGetPayment({ invoiceId: inv.invoiceId, type: "CARD" as never }))).toMatchObject(
      { httpStatus: 400, lenderCode: "VALIDATION", lenderMessage: expect.stringContaining("type must be one of") },
    )
    const shopper = client.shopperAuth(await client.signIn(RICH.phone, VAULT_SANDBOX_PASSWORD))
    // The client refuses before sending; Vault (the sandbox) refuses too.
    await expect(client.createOrGetPayment({ invoiceId: inv.invoiceId, type: "PLATFORM" }, shopper)).rejects.toThrow(
      /accountId required/,
    )
    const noAccount = await raw.post(
      `${sandbox.lenderUrl("vault")}/invoice/payment`,
      { invoiceId: inv.invoiceId, type: "PLATFORM" },
      { headers: { authorization: `Bearer ${await shopper.accessToken()}` } },
    )
    expect(noAccount.data).toMatchObject({ error: "ACCOUNT_REQUIRED", field: "accountId" })
    expect(
      (
        await failure(
          client.createOrGetPayment(
            { invoiceId: inv.invoiceId, type: "PLATFORM", accountId: BROKE.accounts[0].id },
            shopper,
          ),
        )
      ).lenderCode,
    ).toBe("ACCOUNT_NOT_FOUND")
    expect(
      (
        await failure(
          client.createOrGetPayment({ invoiceId: inv.invoiceId, type: "CHECKOUT", discountCode: "EXPIRED2023" }),
        )
      ).lenderCode,
    ).toBe("INVALID_DISCOUNT_CODE")
  })

  it("updates only before completion and recomputes the amount for a discount code", async () => {
    const inv = await invoice("99.99")
    const payment = await client.createOrGetPayment({ invoiceId: inv.invoiceId, type: "EXTERNAL", someData: "ref=x" })
    const updated = await client.updatePayment(payment.paymentId, {
      invoiceId: inv.invoiceId,
      type: "EXTERNAL",
      discountCode: "VAULT10",
    })
    expect(updated).toMatchObject({ amount: "89.99", discountAmount: "10.00", discountCode: "VAULT10" })
    await externalWebhook(payment.paymentId, inv.invoiceId, "SUCCESS", "89.99", "GBP")
    expect(
      (
        await failure(
          client.updatePayment(payment.paymentId, {
            invoiceId: inv.invoiceId,
            type: "EXTERNAL",
            discountCode: "FIVEOFF",
          }),
        )
      ).lenderCode,
    ).toBe("INVALID_PAYMENT_STATE")
  })

  it("update requires invoiceId and type (seed 004 §1.2) and re-prices a payment moved to a new invoice", async () => {
    const inv = await invoice("100.00")
    const payment = await client.createOrGetPayment({ invoiceId: inv.invoiceId, type: "CHECKOUT" })
    const url = `${sandbox.lenderUrl("vault")}/invoice/payment/${payment.paymentId}`
    const headers = { authorization: `Bearer ${await merchantBearer()}` }
    expect((await raw.put(url, { type: "CHECKOUT" }, { headers })).data).toMatchObject({
      error: "VALIDATION",
      field: "invoiceId",
    })
    expect((await raw.put(url, { invoiceId: inv.invoiceId }, { headers })).data).toMatchObject({
      error: "VALIDATION",
      field: "type",
    })
    expect(
      (await raw.put(url, { invoiceId: inv.invoiceId, type: "EXTERNAL", someData: { not: "a string" } }, { headers }))
        .data,
    ).toMatchObject({ error: "VALIDATION", field: "someData" })
    await expect(client.updatePayment(payment.paymentId, { type: "CHECKOUT" } as never)).rejects.toThrow(
      /invoiceId required/,
    )

    const bigger = await invoice("125.50")
    const moved = await client.updatePayment(payment.paymentId, { invoiceId: bigger.invoiceId, type: "CHECKOUT" })
    expect(moved).toMatchObject({
      paymentId: payment.paymentId,
      invoiceId: bigger.invoiceId,
      amount: "125.50",
      status: "PENDING",
    })
    // The old hosted page (old amount) is closed; the new one charges the new amount.
    expect(moved.checkoutSessionId).not.toBe(payment.checkoutSessionId)
    expect((await raw.get(payment.checkoutUrl!)).status).toBe(409)
    expect((await raw.get(moved.checkoutUrl!)).data).toContain("125.50 GBP")
    const usd = await invoice("125.50", "USD")
    expect(
      (await failure(client.updatePayment(payment.paymentId, { invoiceId: usd.invoiceId, type: "CHECKOUT" })))
        .lenderCode,
    ).toBe("VALIDATION")
  })
})

async function merchantBearer(): Promise<string> {
  return client.merchantAuth.accessToken()
}

async function externalWebhook(paymentId: string, invoiceId: string, status: string, amount: string, currency: string) {
  return raw.post(
    `${sandbox.lenderUrl("vault")}/invoice/payment/webhook/external`,
    {
      payload: { paymentId, invoiceId, status, amount, currency, paymentDate: Date.now(), externalData: "acme:EXT-1" },
    },
    { headers: { authorization: `Bearer ${await merchantBearer()}` } },
  )
}

describe("PLATFORM", () => {
  it("debits the account once on confirm and forwards a signed SUCCESS notification", async () => {
    const inv = await invoice("450.00")
    const shopper = client.shopperAuth(await client.signIn(RICH.phone, VAULT_SANDBOX_PASSWORD))
    const payment = await client.createOrGetPayment(
      { invoiceId: inv.invoiceId, type: "PLATFORM", accountId: RICH.accounts[0].id },
      shopper,
    )
    expect(
      (
        await failure(
          client.confirmPayment(payment.paymentId, {
            invoiceId: inv.invoiceId,
            type: "PLATFORM",
            accountId: RICH.accounts[0].id,
          }),
        )
      ).httpStatus,
    ).toBe(403)
    const confirmed = await client.confirmPayment(
      payment.paymentId,
      { invoiceId: inv.invoiceId, type: "PLATFORM", accountId: RICH.accounts[0].id },
      shopper,
    )
    expect(confirmed.status).toBe("SUCCESS")
    expect(
      (
        await failure(
          client.confirmPayment(
            payment.paymentId,
            { invoiceId: inv.invoiceId, type: "PLATFORM", accountId: payment.accountId! },
            shopper,
          ),
        )
      ).lenderCode,
    ).toBe("INVALID_PAYMENT_STATE")
    const accounts = await client.listAccounts(shopper)
    expect(accounts[0].balance).toBe("4550.00")
    expect(sandbox.ledger("vault").list({ type: "platform.debit" })).toHaveLength(1)

    await sandbox.webhooks.idle()
    expect(received).toHaveLength(1)
    const [delivery] = received
    expect(verifyVaultWebhook(delivery.body, delivery.headers, { secret: VAULT_SANDBOX_WEBHOOK_SECRET })).toEqual({
      ok: true,
    })
    expect(delivery.body.toString()).toContain('"amount":450.00')
    expect(parseVaultWebhookPayload(JSON.parse(delivery.body.toString()))).toMatchObject({
      paymentId: payment.paymentId,
      status: "SUCCESS",
      amount: "450.00",
    })
  })

  it("fails the payment on insufficient funds, as a decline, without moving money", async () => {
    const inv = await invoice("450.00")
    const shopper = client.shopperAuth(await client.signIn(BROKE.phone, VAULT_SANDBOX_PASSWORD))
    const payment = await client.createOrGetPayment(
      { invoiceId: inv.invoiceId, type: "PLATFORM", accountId: BROKE.accounts[0].id },
      shopper,
    )
    const error = await failure(
      client.confirmPayment(
        payment.paymentId,
        { invoiceId: inv.invoiceId, type: "PLATFORM", accountId: payment.accountId! },
        shopper,
      ),
    )
    expect(error).toMatchObject({ httpStatus: 400, lenderCode: "INSUFFICIENT_FUNDS", declined: true })
    expect(
      (await client.getPayment({ paymentId: payment.paymentId, invoiceId: inv.invoiceId, type: "PLATFORM" })).status,
    ).toBe("FAILED")
    expect((await client.listAccounts(shopper))[0].balance).toBe("10.00")
    expect(sandbox.ledger("vault").list({ type: "platform.debit" })).toHaveLength(0)
  })
})

describe("platform webhook (Vault's ledger settling a PLATFORM payment)", () => {
  it("settles once, refuses other types and reports a repeat of the same status as a no-op", async () => {
    const inv = await invoice("100.00")
    const shopper = client.shopperAuth(await client.signIn(RICH.phone, VAULT_SANDBOX_PASSWORD))
    const payment = await client.createOrGetPayment(
      { invoiceId: inv.invoiceId, type: "PLATFORM", accountId: RICH.accounts[0].id },
      shopper,
    )
    const url = `${sandbox.lenderUrl("vault")}/invoice/payment/webhook/platform`
    const headers = { authorization: `Bearer ${await merchantBearer()}` }
    const body = {
      payload: {
        paymentId: payment.paymentId,
        invoiceId: inv.invoiceId,
        status: "SUCCESS",
        amount: 100,
        currency: "GBP",
        paymentDate: Date.now(),
      },
    }
    expect((await raw.post(url, body)).status).toBe(401)
    expect((await raw.post(url, body, { headers })).data).toEqual({ result: "ok" })
    expect((await raw.post(url, body, { headers })).data).toEqual({ result: "ok" })
    expect((await raw.post(url, { payload: { ...body.payload, status: "FAILED" } }, { headers })).data).toMatchObject({
      error: "INVALID_PAYMENT_STATE",
    })
    expect(sandbox.ledger("vault").list({ type: "platform.debit" })).toHaveLength(1)
    const other = await client.createOrGetPayment({ invoiceId: (await invoice()).invoiceId, type: "CHECKOUT" })
    expect(
      (
        await raw.post(
          url,
          { payload: { ...body.payload, paymentId: other.paymentId, invoiceId: other.invoiceId } },
          { headers },
        )
      ).status,
    ).toBe(400)
  })
})

describe("CHECKOUT (Checkout.com leg)", () => {
  const lookup = () =>
    new CheckoutLookupClient({
      baseUrl: `${sandbox.lenderUrl("vault")}/sim/cko`,
      secretKey: VAULT_SANDBOX_CHECKOUT_SECRET_KEY,
    })

  async function pay(outcome: string, amount = "450.00", currency = "GBP") {
    const inv = await invoice(amount, currency)
    const payment = await client.createOrGetPayment({
      invoiceId: inv.invoiceId,
      type: "CHECKOUT",
      redirectUrl: "https://shop.test/return?s=1",
    })
    const page = await raw.get(payment.checkoutUrl!)
    expect(page.data).toContain('data-testid="cko-approve"')
    const hosted = await raw.post(payment.checkoutUrl!, `outcome=${outcome}`, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    })
    expect(hosted.status).toBe(303)
    const vaultReturn = await raw.get(hosted.headers.location)
    expect(vaultReturn.status).toBe(302)
    return { inv, payment, hosted: new URL(hosted.headers.location), back: new URL(vaultReturn.headers.location) }
  }

  it("approve: Vault settles, redirects with cko-* ids, and Checkout.com reports minor units", async () => {
    const { inv, payment, back } = await pay("approve", "1.250", "KWD")
    expect(back.origin + back.pathname).toBe("https://shop.test/return")
    expect(back.searchParams.get("s")).toBe("1")
    expect(back.searchParams.get("status")).toBe("SUCCESS")
    expect(back.searchParams.get("cko-payment-session-id")).toBe(payment.checkoutSessionId)
    const cko = await lookup().getPayment(back.searchParams.get("cko-payment-id")!)
    expect(cko).toMatchObject({
      approved: true,
      status: "Captured",
      amount: 1250,
      currency: "KWD",
      reference: inv.invoiceId,
    })
  })

  it("decline and failed 3-D Secure go to the failure handler; a 3DS session id answers for 15 minutes", async () => {
    const declined = await pay("decline")
    expect(declined.hosted.pathname).toMatch(/\/checkout\/failure$/)
    expect(declined.back.searchParams.get("status")).toBe("FAILED")

    const failed3ds = await pay("fail-3ds", "1000", "JPY")
    const sid = failed3ds.back.searchParams.get("cko-session-id")!
    expect(sid).toMatch(/^sid_/)
    const bySession = await lookup().getPayment(sid)
    expect(bySession).toMatchObject({ approved: false, amount: 1000, "3ds": { authentication_response: "N" } })
    expect(bySession?.actions).toHaveLength(1)
    sandbox.clock.advance(15 * 60 * 1000 + 1)
    expect(await lookup().getPayment(sid)).toBeNull()
    expect(await lookup().getPayment(failed3ds.back.searchParams.get("cko-payment-id")!)).not.toBeNull()
  })

  it("refuses lookups without the secret key and returns null for unknown ids", async () => {
    expect(await lookup().getPayment("pay_doesnotexist000")).toBeNull()
    const unauthorised = new CheckoutLookupClient({
      baseUrl: `${sandbox.lenderUrl("vault")}/sim/cko`,
      secretKey: "sk_wrong",
    })
    const { back } = await pay("approve")
    expect((await failure(unauthorised.getPayment(back.searchParams.get("cko-payment-id")!))).httpStatus).toBe(401)
  })
})

describe("EXTERNAL and expiry", () => {
  it("completes an EXTERNAL payment from the external webhook, checking the amount", async () => {
    const inv = await invoice("20.00", "USD")
    const payment = await client.createOrGetPayment({
      invoiceId: inv.invoiceId,
      type: "EXTERNAL",
      someData: "orderRef=A1",
    })
    const wrong = await externalWebhook(payment.paymentId, inv.invoiceId, "SUCCESS", "19.99", "USD")
    expect(wrong.status).toBe(400)
    expect(wrong.data).toMatchObject({ error: "VALIDATION", field: "amount" })
    expect((await externalWebhook(payment.paymentId, inv.invoiceId, "SUCCESS", "20", "USD")).data).toEqual({
      result: "ok",
    })
    const after = await client.getPayment({ paymentId: payment.paymentId, invoiceId: inv.invoiceId, type: "EXTERNAL" })
    // Seed 004 §2.2: externalData is a string, stored and sent as one.
    expect(after).toMatchObject({ status: "SUCCESS", externalData: "acme:EXT-1" })
    await sandbox.webhooks.idle()
    expect(received).toHaveLength(1)
    expect(JSON.parse(received[0].body.toString()).payload.externalData).toBe("acme:EXT-1")
    expect(received[0].headers["x-vault-webhook"]).toBeUndefined()
  })

  it("expires unpaid payments on sandbox time and notifies the merchant", async () => {
    const inv = await invoice()
    const payment = await client.createOrGetPayment({ invoiceId: inv.invoiceId, type: "CHECKOUT" })
    sandbox.clock.advance(31 * 60 * 1000)
    await sandbox.webhooks.idle()
    expect(JSON.parse(received[0].body.toString()).payload).toMatchObject({
      paymentId: payment.paymentId,
      status: "EXPIRED",
    })
  })
})
