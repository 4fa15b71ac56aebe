// Helpers for the Vault HTTP integration spec: the shopper's browser on the hosted checkout
// (redirects followed by hand so every hop can be inspected), the third party reporting an
// EXTERNAL payment, and read-backs of what Medusa recorded.
import axios from "axios"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { SandboxHandle } from "../../packages/sandbox/src"
import {
  VAULT_SANDBOX_CLIENT_ID,
  VAULT_SANDBOX_CLIENT_SECRET,
  VAULT_SANDBOX_MERCHANT_ID,
} from "../../packages/sandbox/src/vault/credentials"

export const browser = axios.create({ validateStatus: () => true, maxRedirects: 0, proxy: false, timeout: 30_000 })

export type HostedOutcome = "approve" | "decline" | "fail-3ds"

/** Clicks a button on the hosted page and follows hosted page → Vault; returns the plugin return URL Vault sends the shopper to. */
export async function clickOnHostedPage(checkoutUrl: string, outcome: HostedOutcome): Promise<URL> {
  const page = await browser.get(checkoutUrl)
  if (page.status !== 200) throw new Error(`hosted page answered ${page.status}`)
  const clicked = await browser.post(checkoutUrl, `outcome=${outcome}`, {
    headers: { "content-type": "application/x-www-form-urlencoded" },
  })
  const vaultHandler = await browser.get(clicked.headers.location)
  return new URL(vaultHandler.headers.location)
}

/** The shopper's browser on the plugin return route; returns where it is sent next. */
export async function followPluginReturn(pluginReturn: URL) {
  const storefront = await browser.get(pluginReturn.toString())
  return { storefront: new URL(storefront.headers.location), status: storefront.status }
}

/** Clicks a button on the hosted page and follows hosted page → Vault → plugin return route → storefront. */
export async function payOnHostedPage(checkoutUrl: string, outcome: HostedOutcome) {
  const pluginReturn = await clickOnHostedPage(checkoutUrl, outcome)
  return { pluginReturn, ...(await followPluginReturn(pluginReturn)) }
}

export async function merchantToken(sandbox: SandboxHandle): Promise<string> {
  const basic = Buffer.from(`${VAULT_SANDBOX_CLIENT_ID}:${VAULT_SANDBOX_CLIENT_SECRET}`).toString("base64")
  const { data } = await browser.post(`${sandbox.lenderUrl("vault")}/oauth/token`, "grant_type=client_credentials", {
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-merchant-id": VAULT_SANDBOX_MERCHANT_ID,
      authorization: `Basic ${basic}`,
    },
  })
  return data.access_token
}

/** The third party of an EXTERNAL payment reporting its outcome to Vault. */
export async function reportExternal(sandbox: SandboxHandle, data: Record<string, unknown>, status: string) {
  return browser.post(
    `${sandbox.lenderUrl("vault")}/invoice/payment/webhook/external`,
    {
      payload: {
        paymentId: data.payment_id,
        invoiceId: data.invoice_id,
        status,
        amount: data.amount,
        currency: data.currency,
        paymentDate: Date.now(),
        externalData: "acme-pay:EXT-1",
      },
    },
    { headers: { authorization: `Bearer ${await merchantToken(sandbox)}` } },
  )
}

export async function orderForCart(container: MedusaContainer, cartId: string): Promise<string | undefined> {
  const { data } = await container
    .resolve("query")
    .graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
  return (data[0] as { order_id?: string } | undefined)?.order_id
}

export async function sessionState(container: MedusaContainer, sessionId: string) {
  const { data } = await container.resolve("query").graph({
    entity: "payment_session",
    fields: [
      "id",
      "status",
      "data",
      "payment_collection.status",
      "payment.id",
      "payment.captured_at",
      "payment.captures.id",
    ],
    filters: { id: sessionId },
  })
  return data[0] as {
    status: string
    data: Record<string, any>
    payment_collection: { status: string }
    payment?: { id: string; captured_at: string | null; captures: Array<{ id: string }> } | null
  }
}
