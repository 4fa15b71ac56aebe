// Helpers for the FlexShopper HTTP integration specs: store-route calls that return the response
// whatever its status, a new or existing shopper walked to a payment session, the modal signed
// over HTTP, admin fulfillment calls, polling for subscriber effects, and log capture.
import { appendFileSync } from "node:fs"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { SeededStore } from "../../demo/seed-store"
import type { SandboxHandle } from "../../packages/sandbox/src"
import { FLEXSHOPPER_SANDBOX_AUTH_KEY } from "../../packages/sandbox/src/flexshopper/credentials"
import { openCheckout, signInModal, signLease } from "../../packages/sandbox/src/flexshopper/__tests__/modal-driver"
import { type ApiClient, storeHeaders } from "../utils/store-api"
import { appendSuiteLog } from "../utils/suite-log"

export const FLEX_PROVIDER = "pp_flexshopper_flexshopper"
export const BANK = { routing_number: "021000021", account_number: "9876543210", type: "checking" as const }
export const KBA_ANSWERS = ["Maple Avenue", "Honda Civic", "Orange County"]

export type Res = { status: number; data: any }

export function flexStore(api: ApiClient, store: SeededStore) {
  const headers = storeHeaders(store)
  const base = "/store/financing/flexshopper"
  const settle = (p: Promise<Res>) =>
    p.catch((e: { response?: Res }) => {
      if (!e.response) throw e
      return e.response
    })
  return {
    get: (path: string, query: Record<string, string>) =>
      settle(api.get(`${base}${path}?${new URLSearchParams(query)}`, headers)),
    post: (path: string, body: Record<string, unknown>) => settle(api.post(`${base}${path}`, body, headers)),
  }
}

export async function addItem(api: ApiClient, store: SeededStore, cartId: string, sku: string, quantity: number) {
  const variant = store.products.flatMap((p) => p.variants).find((v) => v.sku === sku)!
  await api.post(`/store/carts/${cartId}/line-items`, { variant_id: variant.id, quantity }, storeHeaders(store))
}

export function applicantFor(cartId: string, ssn: string) {
  return {
    cart_id: cartId,
    ssn,
    date_of_birth: "1988-06-15",
    monthly_income: 4800,
    pay_frequency: "biweekly",
    bank_account: BANK,
  }
}

/** New shopper: account → prequalification → KBA; returns the last customer view. */
export async function newShopperReady(flex: ReturnType<typeof flexStore>, cartId: string, ssn: string) {
  const account = await flex.post("/account", { cart_id: cartId })
  if (account.status !== 201) throw new Error(`account: ${account.status} ${JSON.stringify(account.data)}`)
  const prequal = await flex.post("/prequalification", applicantFor(cartId, ssn))
  if (prequal.status !== 200) throw new Error(`prequal: ${prequal.status} ${JSON.stringify(prequal.data)}`)
  if (prequal.data.customer.next_step !== "verification") return prequal.data.customer
  return (await answerQuiz(flex, cartId, KBA_ANSWERS)).data.customer
}

export async function answerQuiz(flex: ReturnType<typeof flexStore>, cartId: string, labels: string[]) {
  const { data } = await flex.get("/verification", { cart_id: cartId })
  const answers = data.quiz.questions.map((q: { id: string; choices: Array<{ id: string; label: string }> }) => ({
    question_id: q.id,
    choice_id: (q.choices.find((c) => labels.includes(c.label)) ?? q.choices[q.choices.length - 1]).id,
  }))
  return flex.post("/verification", { cart_id: cartId, quiz_id: data.quiz.id, answers })
}

/** Signs the lease in the sandbox modal with what the session route returned. */
export function signModal(
  sandbox: SandboxHandle,
  session: { modal: { auth_code: string; transaction: any } },
  transaction = session.modal.transaction,
) {
  return signLease(`${sandbox.lenderUrl("flexshopper")}/pp3`, {
    authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY,
    authCode: session.modal.auth_code,
    order: transaction,
  })
}

/** The sandbox's password for its existing customers (GET /__sandbox lists them). */
export const SANDBOX_PASSWORD = "sandbox-password"

/**
 * For an account found by Account Lookup the session route mints no auth code: the shopper signs in
 * to FlexShopper in the modal. Opens the checkout without a code, signs in, then signs the lease.
 */
export async function signInAndSignModal(
  sandbox: SandboxHandle,
  session: { modal: { auth_code: string | null; transaction: any } },
  login: { email: string; password: string },
) {
  const sdkBase = `${sandbox.lenderUrl("flexshopper")}/pp3`
  const opened = await openCheckout(sdkBase, {
    authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY,
    order: session.modal.transaction,
  })
  if (!opened.data) throw new Error(`checkout refused: ${opened.status} ${JSON.stringify(opened.error)}`)
  const form = new URLSearchParams({ email: login.email, password: login.password })
  const signedIn = await fetch(`${opened.data.modalUrl}/login`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
  })
  if (signedIn.status !== 303) return { signedIn: false as const, status: signedIn.status }
  const signed = await signInModal(opened.data.modalUrl)
  return { signedIn: true as const, status: signed.status, payload: signed.payload }
}

/** Polls until `probe` returns a truthy value (subscribers run after the request returns). */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await probe()
      if (value) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

export async function orderPayment(container: MedusaContainer, orderId: string) {
  const { data } = await container.resolve("query").graph({
    entity: "order",
    fields: [
      "id",
      "items.id",
      "items.variant_sku",
      "items.quantity",
      "payment_collections.payments.id",
      "payment_collections.payments.provider_id",
      "payment_collections.payments.data",
      "payment_collections.payments.captures.amount",
      "payment_collections.payments.refunds.amount",
      "payment_collections.payments.canceled_at",
    ],
    filters: { id: orderId },
  })
  const order = data[0]
  const payment = order.payment_collections
    .flatMap((c: any) => c.payments)
    .find((p: any) => p.provider_id === FLEX_PROVIDER)
  const sum = (rows: Array<{ amount: unknown }> = []) =>
    rows.reduce((s, r) => s + Math.round(Number(r.amount) * 100), 0)
  return { order, payment, capturedCents: sum(payment?.captures), refundedCents: sum(payment?.refunds) }
}

export function lineItemId(order: { items: Array<{ id: string; variant_sku: string }> }, sku: string) {
  return order.items.find((i) => i.variant_sku === sku)!.id
}

export async function fulfillAndShip(
  api: ApiClient,
  admin: Record<string, unknown>,
  orderId: string,
  items: Array<{ id: string; quantity: number }>,
  tracking?: string,
) {
  const { data } = await api.post(`/admin/orders/${orderId}/fulfillments?fields=*fulfillments`, { items }, admin)
  const fulfillment = data.order.fulfillments.at(-1)
  await api.post(
    `/admin/orders/${orderId}/fulfillments/${fulfillment.id}/shipments`,
    {
      items,
      ...(tracking
        ? {
            labels: [
              {
                tracking_number: tracking,
                tracking_url: `https://track.example/${tracking}`,
                label_url: "https://labels.example/1.pdf",
              },
            ],
          }
        : {}),
    },
    admin,
  )
  return fulfillment.id as string
}

/** The admin's return flow: request the items back, then receive them (emits order.return_received). */
export async function receiveReturn(
  api: ApiClient,
  admin: Record<string, unknown>,
  locationId: string,
  orderId: string,
  items: Array<{ id: string; quantity: number }>,
) {
  const { data } = await api.post("/admin/returns", { order_id: orderId, location_id: locationId }, admin)
  const returnId = data.return.id as string
  await api.post(`/admin/returns/${returnId}/request-items`, { items }, admin)
  await api.post(`/admin/returns/${returnId}/request`, {}, admin)
  await api.post(`/admin/returns/${returnId}/receive`, {}, admin)
  await api.post(`/admin/returns/${returnId}/receive-items`, { items }, admin)
  await api.post(`/admin/returns/${returnId}/receive/confirm`, {}, admin)
  return returnId
}

/**
 * Everything the process writes to the console (Medusa's logger included) while the suite runs.
 * Kept, not printed (debug level is noisy); set FLEXSHOPPER_TEST_LOG=<file> to also append it there.
 */
export function captureLogs(): { text: () => string; restore: () => void } {
  const chunks: string[] = []
  const restores: Array<() => void> = []
  const file = process.env.FLEXSHOPPER_TEST_LOG
  const wrap = (target: any, method: string) => {
    const original = target[method]
    target[method] = function (...args: unknown[]) {
      const line = args
        .map((a) => (typeof a === "string" ? a : Buffer.isBuffer(a) ? a.toString() : safeJson(a)))
        .join(" ")
      chunks.push(line)
      appendSuiteLog(`${line}\n`)
      if (file) appendFileSync(file, `${line}\n`)
      return method === "write" ? true : undefined
    }
    restores.push(() => (target[method] = original))
  }
  for (const m of ["log", "info", "warn", "error", "debug"]) wrap(console, m)
  wrap(process.stdout, "write")
  wrap(process.stderr, "write")
  // Medusa's logger (winston) writes to console._stdout when it exists. When jest runs several
  // files it gives each a buffering console whose _stdout is not process.stdout: wrap that too.
  const jestConsole = console as unknown as { _stdout?: NodeJS.WritableStream; _stderr?: NodeJS.WritableStream }
  for (const stream of [jestConsole._stdout, jestConsole._stderr]) {
    if (stream && stream !== process.stdout && stream !== process.stderr) wrap(stream, "write")
  }
  return { text: () => chunks.join("\n"), restore: () => restores.reverse().forEach((r) => r()) }
}

function safeJson(value: unknown): string {
  try {
    return typeof value === "object" ? JSON.stringify(value) : String(value)
  } catch {
    return String(value)
  }
}
