// Crash consistency for Vault (issue #21): the server or the worker is SIGKILLed at each kill point
// (crash/kill-points.ts) of order placement — CHECKOUT by the shopper's return (server) and by
// Vault's notify webhook (recorded by the server, processed by the worker), EXTERNAL by the notify
// webhook after the third party reports the payment (worker), PLATFORM at cart completion (server,
// the one step where the plugin itself moves money at Vault) — then restarted;
// the shopper, Vault and the reconcile job do what they would, and each cell checks one order per
// paid invoice, one payment at Vault matching Medusa's capture, and nothing left pending.
// Capture, cancel and refund make no money-moving call at Vault (read-backs, or refused unless
// manual refunds are on), so order placement is where a crash can lose or double money.
import { VAULT_SANDBOX_PASSWORD, VAULT_SANDBOX_USERS } from "../../packages/sandbox/src/vault/credentials"
import { cartReadyForPayment, completeCart, startPaymentSession, storeHeaders } from "../utils/store-api"
import { clickOnHostedPage, followPluginReturn, reportExternal } from "../vault/helpers"
import type { DistributedShop } from "./cluster"
import { expectRecovered, crashCells, runCrashCell, type RecoveryStep } from "./crash/cell"
import { placementObserver } from "./crash/observers"
import type { StepTarget } from "./crash/kill-points"
import { reconcileAfterCartLock, reconcileLater, startCrashShop } from "./crash/shop-reads"

jest.setTimeout(600_000)

let shop: DistributedShop

beforeAll(async () => {
  shop = await startCrashShop()
}, 600_000)

afterAll(async () => {
  await shop?.sandbox.webhooks.idle().catch(() => undefined)
  await shop?.stop()
})

const LENDER = "vault"
const PROVIDER = "pp_vault_vault"
const ledger = () => shop.sandbox.ledger(LENDER)
const reconcile: RecoveryStep = {
  who: "reconcile job (its next run after the window)",
  run: () => reconcileLater(shop),
}
/**
 * The plugin's reads of a Vault payment or invoice (GET /sim/cko/payments/:id, GET /invoice/:id,
 * POST /invoice/payment) — not the shopper's browser passing through /invoice/payment/checkout/….
 */
const PAYMENT_READ = { path: /^\/(sim\/cko\/payments\/[^/]+|invoice\/[^/]+)$/ }

/** One order, one paid invoice at Vault since the cell began, Medusa's capture equal to it. */
const placementObserverOf = (cell: { cartId: string; sessionId: string }, paidBefore: number) =>
  placementObserver(shop, cell, () => ledger().list({ type: "invoice.paid" }).slice(paidBefore), "captured")

async function checkoutSession() {
  const cart = await cartReadyForPayment(shop.api, shop.store, "uk")
  const collection = await startPaymentSession(shop.api, shop.store, cart.id, PROVIDER)
  const session = collection.payment_sessions[0]
  return { cartId: cart.id, sessionId: session.id as string, checkoutUrl: String(session.data.checkout_url) }
}

describe("CHECKOUT order placement by the shopper's return (server)", () => {
  const target: StepTarget = {
    role: "server",
    lender: LENDER,
    call: PAYMENT_READ,
    answer: { method: "GET", path: /^\/financing\/vault\/return$/ },
  }
  crashCells("Vault", "CHECKOUT order placement (return)", "one order, one payment", async (point) => {
    const session = await checkoutSession()
    const paidBefore = ledger().list({ type: "invoice.paid" }).length
    // The browser's return is the only way back: Vault's notifications are not sent.
    shop.sandbox.faults.dropWebhooks(LENDER, { count: 20 })
    const pluginReturn = await clickOnHostedPage(session.checkoutUrl, "approve")
    const back = async () => {
      const followed = await followPluginReturn(pluginReturn)
      if (followed.status !== 302 && followed.status !== 303) throw new Error(`return answered ${followed.status}`)
      return followed
    }
    const row = await runCrashCell(shop, __filename, {
      lender: "Vault",
      step: "CHECKOUT order placement (return)",
      point,
      target,
      act: back,
      recovery: [{ who: "shopper reloads the return page", run: back }, reconcile],
      observe: placementObserverOf(session, paidBefore),
      expectedOrders: 1,
      expectedEffects: 1,
    })
    expectRecovered(row, { orders: 1, effects: 1 })
  })
})

describe("CHECKOUT order placement by Vault's webhook (recorded by the server, processed by the worker)", () => {
  const target: StepTarget = {
    role: "worker",
    lender: LENDER,
    call: PAYMENT_READ,
    answer: { method: "POST", path: /^\/hooks\/financing\/vault$/ },
  }
  crashCells("Vault", "CHECKOUT order placement (webhook)", "one order, one payment", async (point) => {
    const session = await checkoutSession()
    const paidBefore = ledger().list({ type: "invoice.paid" }).length
    const row = await runCrashCell(shop, __filename, {
      lender: "Vault",
      step: "CHECKOUT order placement (webhook)",
      point,
      target,
      // The shopper pays and closes the browser before the return: only the webhook brings the news.
      act: () => clickOnHostedPage(session.checkoutUrl, "approve"),
      recovery: [reconcile],
      observe: placementObserverOf(session, paidBefore),
      expectedOrders: 1,
      expectedEffects: 1,
    })
    expectRecovered(row, { orders: 1, effects: 1 })
  })
})

describe("EXTERNAL order placement by Vault's webhook after the third party reports the payment (worker)", () => {
  const target: StepTarget = {
    role: "worker",
    lender: LENDER,
    call: PAYMENT_READ,
    answer: { method: "POST", path: /^\/hooks\/financing\/vault$/ },
  }
  crashCells("Vault", "EXTERNAL order placement (webhook)", "one order, one payment", async (point) => {
    const cart = await cartReadyForPayment(shop.api, shop.store, "us", { sku: "SOFA-3-CHAR" })
    const collection = await startPaymentSession(shop.api, shop.store, cart.id, PROVIDER, { type: "EXTERNAL" })
    const session = collection.payment_sessions[0]
    const paidBefore = ledger().list({ type: "invoice.paid" }).length
    const row = await runCrashCell(shop, __filename, {
      lender: "Vault",
      step: "EXTERNAL order placement (webhook)",
      point,
      target,
      // The partner that took the money tells Vault; Vault's notification is the store's only news.
      act: () => reportExternal(shop.sandbox, session.data, "SUCCESS"),
      recovery: [reconcile],
      observe: placementObserverOf({ cartId: cart.id, sessionId: session.id }, paidBefore),
      expectedOrders: 1,
      expectedEffects: 1,
    })
    expectRecovered(row, { orders: 1, effects: 1 })
  })
})

describe("PLATFORM payment confirmed at cart completion (server)", () => {
  const target: StepTarget = {
    role: "server",
    lender: LENDER,
    call: { method: "POST", path: /^\/invoice\/payment\/[^/]+\/confirm$/ },
    answer: { method: "POST", path: /^\/store\/carts\/[^/]+\/complete$/ },
  }
  const [saver] = VAULT_SANDBOX_USERS
  crashCells("Vault", "PLATFORM payment (cart completion)", "one order, one debit", async (point) => {
    const cart = await cartReadyForPayment(shop.api, shop.store, "uk")
    const signIn = await shop.api.post(
      "/store/financing/vault/platform/sign-in",
      { cart_id: cart.id, phone: saver.phone, password: VAULT_SANDBOX_PASSWORD },
      storeHeaders(shop.store),
    )
    const started = await shop.api.post(
      "/store/financing/vault/platform/payment-session",
      { cart_id: cart.id, account_id: signIn.data.accounts[0].id },
      storeHeaders(shop.store),
    )
    const paidBefore = ledger().list({ type: "invoice.paid" }).length
    const complete = () => completeCart(shop.api, shop.store, cart.id)
    const row = await runCrashCell(shop, __filename, {
      lender: "Vault",
      step: "PLATFORM payment (cart completion)",
      point,
      target,
      act: complete,
      recovery: [{ who: "shopper retries the checkout", run: complete }, ...reconcileAfterCartLock(shop, cart.id)],
      observe: placementObserverOf({ cartId: cart.id, sessionId: started.data.payment_session.id }, paidBefore),
      expectedOrders: 1,
      expectedEffects: 1,
    })
    expectRecovered(row, { orders: 1, effects: 1 })
  })
})
