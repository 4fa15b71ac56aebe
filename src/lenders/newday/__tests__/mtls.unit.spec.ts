// The NewDay client over mutual TLS against the sandbox's TLS mode (startNewDayTlsListener):
// certificates from PEM strings or files, the handshake refused without a certificate or with
// one from another CA, and an idempotent retry through TLS after an injected 503.
import type { SandboxHandle } from "../../../../packages/sandbox/src"
import { startNewDayTlsListener, type NewDayTlsListener } from "../../../../packages/sandbox/src/newday"
import type { NewDayClient } from "../client"
import { deriveIdempotencyKey } from "../idempotency"
import { sandboxClient, signIn, startNewDaySandbox } from "./helpers/newday-sandbox"
import { mintPki, type Pki } from "../../../../packages/sandbox/src/newday/__tests__/pki"
import { lenderFailure as failure } from "../../__tests__/helpers/lender-failure"

let pki: Pki
let sandbox: SandboxHandle
let tls: NewDayTlsListener
const clients: NewDayClient[] = []

function overTls(certs: { cert?: string; key?: string; ca?: string }): NewDayClient {
  const c = sandboxClient(sandbox, { baseUrl: tls.url, tls: certs })
  clients.push(c)
  return c
}

beforeAll(async () => {
  pki = mintPki()
  sandbox = await startNewDaySandbox()
  tls = await startNewDayTlsListener({
    target: sandbox.lenderUrl("newday"),
    cert: pki.pem.serverCert,
    key: pki.pem.serverKey,
    ca: pki.pem.caCert,
  })
})
afterEach(() => clients.splice(0).forEach((c) => c.close()))
afterAll(async () => {
  await tls?.close()
  await sandbox?.close()
  pki?.remove()
})

it("authenticates with the certificate, key and CA as PEM strings", async () => {
  const { options } = await overTls({
    cert: pki.pem.clientCert,
    key: pki.pem.clientKey,
    ca: pki.pem.caCert,
  }).spendOptionsForProduct({ basketAmountMinor: 45000 })
  expect(options).toHaveLength(3)
  expect(tls.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
})

it("authenticates with the certificate, key and CA as file paths", async () => {
  const { options } = await overTls({
    cert: pki.files.clientCert,
    key: pki.files.clientKey,
    ca: pki.files.caCert,
  }).spendOptionsForProduct({ basketAmountMinor: 45000 })
  expect(options).toHaveLength(3)
})

it("is refused at the handshake without a client certificate, or with one NewDay's CA did not sign", async () => {
  const refusedBefore = tls.refusedHandshakes
  const requestsBefore = sandbox.faults.stats().newday.requests
  const none = await failure(overTls({ ca: pki.pem.caCert }).spendOptionsForProduct({ basketAmountMinor: 100 }))
  const stranger = await failure(
    overTls({ cert: pki.pem.strangerCert, key: pki.pem.strangerKey, ca: pki.pem.caCert }).spendOptionsForProduct({
      basketAmountMinor: 100,
    }),
  )
  for (const err of [none, stranger]) {
    expect(err.kind).toBe("network")
    expect(err.message).toMatch(/^NewDay NewPay spend-options-for-product failed: /)
  }
  expect(tls.refusedHandshakes).toBeGreaterThan(refusedBefore)
  expect(sandbox.faults.stats().newday.requests).toBe(requestsBefore)
})

it("refuses a sandbox whose server certificate it cannot verify", async () => {
  const err = await failure(
    overTls({ cert: pki.pem.clientCert, key: pki.pem.clientKey, ca: pki.pem.otherCaCert }).spendOptionsForProduct({
      basketAmountMinor: 100,
    }),
  )
  expect(err).toMatchObject({ kind: "network", retryable: false })
  expect(err.message).toMatch(/TLS handshake failed/)
})

it("retries a settle through TLS after an injected 503 with the same key, settling once", async () => {
  const c = overTls({ cert: pki.pem.clientCert, key: pki.pem.clientKey, ca: pki.pem.caCert })
  const alice = await signIn(sandbox, "approve@newpay.test")
  const ctx = { customerAccessToken: alice.accessToken, clientSessionId: "s" }
  const { scaToken } = await c.initiate(alice.customerRef, { amountMinor: 2000 }, ctx)
  const auth = await c.authorise(
    alice.customerRef,
    { amountMinor: 2000, orderReference: "cart_tls" },
    { ...ctx, scaToken },
  )
  sandbox.faults.failNext("newday", 503, { match: { method: "POST", path: "/settle" }, phase: "after" })
  const settled = await c.settle(
    alice.customerRef,
    auth.authorisationId!,
    { amountMinor: 2000 },
    { idempotencyKey: deriveIdempotencyKey("capture_tls") },
  )
  expect(
    sandbox
      .ledger("newday")
      .list({ type: "settle" })
      .map((e) => e.data?.transactionId),
  ).toEqual([settled.transactionId])
})
