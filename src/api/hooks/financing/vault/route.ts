// POST /hooks/financing/vault — Vault's payment notifications (give this URL to Vault; the
// plugin also sends it as each invoice's notifyUrl). The signature is checked over the raw
// bytes (401 and no effect when it fails), only the ids are taken from the body, the status is
// read back from Vault, and the verified result is applied once — copies of one delivery arriving
// together wait for the first and then find it done. A non-200 makes Vault retry, so a verified
// notification that can no longer change anything (its session is gone) is acknowledged.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { isLenderError } from "../../../../lenders/errors"
import {
  parseVaultWebhookPayload,
  processOnce,
  verifyVaultWebhook,
  VaultWebhookPayloadError,
  webhookDeliveryKey,
  type DeliveryStore,
} from "../../../../lenders/vault/webhook"
import { FINANCING_MODULE } from "../../../../modules/financing/constants"
import type { FinancingLog } from "../../../../modules/financing/types"
import { exclusively, lenderReferenceLockKey } from "../../../../provider-kit/exclusive"
import { lenderOptions } from "../../../../provider-kit/provider-options"
import { vaultClientFor } from "../../../../providers/vault/client-factory"
import type { VaultProviderOptions } from "../../../../providers/vault/options"
import { vaultLender } from "../../../../providers/vault/lender"
import { sessionIdFromReference } from "../../../../providers/vault/session-data"
import { checkVaultPayment } from "../../../../providers/vault/verify"
import { settleVaultPayment } from "../../../../workflows/vault/settle-payment"
import { loadVaultSession } from "../../../../workflows/vault/vault-session"

// Errors from workflows may come from another realm (or be plain objects): read the message by shape.
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === "string" && message ? message : "unexpected error"
}

const PROVIDER_ID = vaultLender.providerId

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const options = await lenderOptions<VaultProviderOptions>(req.scope, vaultLender)
  const rawBody: Buffer | undefined = req.rawBody
  const verified = verifyVaultWebhook(rawBody, req.headers, {
    secret: options.webhookSecret,
    header: options.webhookSignatureHeader,
    scheme: options.webhookSignatureScheme,
  })
  if (!verified.ok) return res.status(401).json({ result: "error", message: `Vault webhook: ${verified.reason}` })

  let notice
  try {
    notice = parseVaultWebhookPayload(req.body)
  } catch (error) {
    const field = error instanceof VaultWebhookPayloadError ? error.field : "body"
    return res
      .status(400)
      .json({ result: "error", message: error instanceof Error ? error.message : "invalid body", field })
  }

  const financing = req.scope.resolve<FinancingLog>(FINANCING_MODULE)
  const logger = req.scope.resolve("logger")
  const client = vaultClientFor(options, logger)
  let sessionId: string | null = null
  let detail: Record<string, unknown> = {}
  let processedOutcome: "succeeded" | "action_required" = "succeeded"
  const store: DeliveryStore = {
    wasProcessed: async (key) => {
      const outcome = (await financing.findOperationByIdempotencyKey(`vault:webhook:${key}`))?.outcome
      return outcome === "succeeded" || outcome === "action_required"
    },
    markProcessed: async (key) => {
      await financing.recordOperation({
        provider_id: PROVIDER_ID,
        lender: "vault",
        operation: "webhook",
        outcome: processedOutcome,
        idempotency_key: `vault:webhook:${key}`,
        payment_session_id: sessionId,
        lender_reference: notice.paymentId,
        references: { invoice_id: notice.invoiceId },
        detail,
      })
    },
  }

  try {
    const bytes = rawBody ?? Buffer.alloc(0)
    const result = await exclusively(req.scope, `vault:webhook:${webhookDeliveryKey(bytes)}`, () =>
      processOnce(store, bytes, async () => {
        // Fetch-back: which cart (the invoice's reference is our session id) and what really happened.
        const invoice = await client.getInvoice(notice.invoiceId)
        const reference = sessionIdFromReference(invoice.reference)
        if (!reference)
          throw new Refused(400, "Vault webhook: the payment does not belong to a Vault session of this store")
        const session = await loadVaultSession(req.scope, reference)
        if (!session) {
          // Our invoice, but Medusa dropped its session (the cart changed and a new one was made):
          // a late EXPIRED of the abandoned payment. Retrying cannot help; a paid invoice is flagged.
          sessionId = reference
          const paid = invoice.status === "PAID"
          if (paid) processedOutcome = "action_required"
          detail = {
            ignored: "session_removed",
            invoice_status: invoice.status,
            ...(paid && {
              action_required:
                "refund the shopper in Vault: the invoice was paid after its payment session was removed",
            }),
          }
          return { outcome: "ignored" as const }
        }
        if (session.refs.invoice_id !== notice.invoiceId || session.refs.payment_id !== notice.paymentId) {
          // Not the session's current payment (an earlier invoice of a session whose total changed,
          // or ids that do not belong together): nothing here to apply. Acknowledge it.
          sessionId = session.id
          detail = { ignored: "superseded" }
          return { outcome: "ignored" as const }
        }
        sessionId = session.id
        const payment = await client.getPayment({
          paymentId: notice.paymentId,
          invoiceId: notice.invoiceId,
          type: session.refs.type,
        })
        const check = checkVaultPayment(payment, {
          invoiceId: session.refs.invoice_id,
          amount: session.amount,
          currency: session.refs.currency,
        })
        if (!check.ok) throw new Refused(400, `Vault webhook: the payment does not match the session (${check.reason})`)
        // settleVaultPayment serialises a session's settlements in this process; the lock also
        // across server processes (the shopper's return may be handled by another one).
        const settled = await exclusively(req.scope, lenderReferenceLockKey("vault", session.id), () =>
          settleVaultPayment(req.scope, session.id, payment),
        )
        detail = { vault_status: payment.status, ...settled }
        return settled
      }),
    )
    if (result.duplicate) return res.status(200).json({ result: "ok", duplicate: true })
    return res.status(200).json({ result: "ok" })
  } catch (error) {
    const status =
      error instanceof Refused ? error.status : isLenderError(error) && error.httpStatus === 404 ? 400 : 500
    const message = error instanceof Refused || isLenderError(error) ? error.message : "processing failed"
    if (status === 500) logger.error(`Vault webhook for payment ${notice.paymentId}: ${messageOf(error)}`)
    await financing
      .recordOperation({
        provider_id: PROVIDER_ID,
        lender: "vault",
        operation: "webhook",
        outcome: "failed",
        payment_session_id: sessionId,
        lender_reference: notice.paymentId,
        error_message: message,
        http_status: status,
      })
      .catch(() => undefined)
    return res.status(status).json({ result: "error", message })
  }
}
