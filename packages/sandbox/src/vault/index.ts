// Vault simulator (spec: shared/lenders/vault.md; contract: ../types.ts). OAuth with refresh
// and expiry, users with accounts and balances, invoices, discount codes, the invoice-payment
// state machine, a Checkout.com-style hosted page and lookup, Vault's inbound webhooks, and
// signed forwarding of every terminal status to the merchant's notify URL.
import type { Router } from "express"
import { serveLenderIndex } from "../lender-index"
import type { LenderSimulator, SimulatorContext } from "../types"
import { registerCheckout } from "./checkout"
import { VAULT_SANDBOX_DISCOUNT_CODES, VAULT_SANDBOX_PASSWORD, VAULT_SANDBOX_USERS } from "./credentials"
import { VaultEngine } from "./engine"
import { requestIdHeader, sendVaultError, vaultErrorBody } from "./http"
import { vaultState, type VaultState } from "./model"
import { registerInboundWebhooks } from "./inbound-webhooks"
import { registerInvoices } from "./invoices"
import { registerOAuth } from "./oauth"
import { registerPayments } from "./payments"
import { readSettings, type VaultSimSettings } from "./settings"
import { registerWallets } from "./wallets"

function seed(state: VaultState): void {
  for (const user of VAULT_SANDBOX_USERS) {
    state.users.set(user.key, { id: user.key, phone: user.phone, password: VAULT_SANDBOX_PASSWORD, name: user.name })
    for (const account of user.accounts) state.accounts.set(account.id, { ...account, userId: user.key })
  }
}

export function createVaultSimulator(): LenderSimulator {
  let state: VaultState | undefined
  let settings: VaultSimSettings | undefined
  let engine: VaultEngine | undefined
  let duplicateNotifications = false

  return {
    slug: "vault",
    name: "Vault",
    register(router: Router, ctx: SimulatorContext) {
      state = vaultState(ctx.store)
      settings = readSettings(ctx.env)
      engine = new VaultEngine(ctx, state, settings, () => duplicateNotifications)
      seed(state)
      const current = engine
      // Expiries follow sandbox time: a test that advances the clock sees payments expire (and notified).
      ctx.clock.onChange(() => current.sweep())

      router.use(requestIdHeader)
      serveLenderIndex(router, ctx, {
        note: "Auth and platform hosts are both served here; Checkout.com is simulated under /sim/cko.",
      })
      registerOAuth(router, ctx, state, settings)
      registerWallets(router, ctx, state)
      registerInvoices(router, ctx, state)
      registerPayments(router, ctx, state, current, settings)
      registerInboundWebhooks(router, ctx, state, current)
      registerCheckout(router, ctx, state, current, settings)

      // Test controls (sandbox only): replay a notification byte for byte, or duplicate every delivery.
      router.post("/sim/notify/:paymentId/resend", (req, res) => {
        if (!current.resend(req.params.paymentId))
          return sendVaultError(res, 404, "PAYMENT_NOT_FOUND", "No notification was sent for this payment", "paymentId")
        res.status(202).json({ result: "ok" })
      })
      router.post("/sim/notify/duplicates", ctx.body.json(), (req, res) => {
        duplicateNotifications = Boolean((req.body as { enabled?: unknown })?.enabled)
        res.json({ duplicates: duplicateNotifications })
      })
    },
    reset() {
      duplicateNotifications = false
      if (state) seed(state)
    },
    describe() {
      return {
        merchantId: settings?.merchantId,
        users: VAULT_SANDBOX_USERS.map((u) => ({
          phone: u.phone,
          password: VAULT_SANDBOX_PASSWORD,
          accounts: u.accounts.map((a) => `${a.currency} ${a.balance}`),
        })),
        discountCodes: VAULT_SANDBOX_DISCOUNT_CODES.map((d) => d.code),
        hostedPage: "/vault/sim/cko/pay/{ps_id}: approve, decline or fail 3-D Secure",
        duplicateNotifications,
      }
    },
    formatError(status, message) {
      return vaultErrorBody(status >= 500 ? "COMMON" : "VALIDATION", message)
    },
  }
}
