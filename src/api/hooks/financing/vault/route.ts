// POST /hooks/financing/vault — Vault's payment notifications (give this URL to Vault; the
// plugin also sends it as each invoice's notifyUrl). The signature is checked over the raw bytes
// (401 and no effect when it fails) and the body must carry the ids (400 otherwise); then the
// delivery is recorded and Vault gets its 200 at once — a slow answer makes Vault retry. The work
// happens afterwards (src/workflows/vault/process-webhook.ts, from the event bus, or the reconcile
// job if that is lost): only the ids are taken from the body, the status is read back from Vault,
// and the verified result is applied once. A copy of a delivery already recorded answers
// `duplicate: true` and does nothing more.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  parseVaultWebhookPayload,
  verifyVaultWebhook,
  VaultWebhookPayloadError,
  webhookDeliveryKey,
} from "../../../../lenders/vault/webhook"
import { messageOf } from "../../../../provider-kit/message-of"
import { lenderOptions } from "../../../../provider-kit/provider-options"
import type { VaultProviderOptions } from "../../../../providers/vault/options"
import { vaultLender } from "../../../../providers/vault/lender"
import { vaultWebhookReferences } from "../../../../workflows/vault/process-webhook"
import { announceWebhookDelivery, recordWebhookDelivery } from "../../../../workflows/webhooks/delivery"

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

  // The durable record, then the answer: processing (fetch-back, settlement) runs from the event
  // bus (src/workflows/webhooks), so Vault is answered in milliseconds and does not retry.
  let accepted
  try {
    accepted = await recordWebhookDelivery(req.scope, {
      lender: "vault",
      provider_id: vaultLender.providerId,
      idempotency_key: `vault:webhook:${webhookDeliveryKey(rawBody ?? Buffer.alloc(0))}`,
      lender_reference: notice.paymentId,
      references: vaultWebhookReferences(notice),
    })
  } catch (error) {
    // Not recorded, so not acknowledged: Vault's retry brings it back.
    req.scope.resolve("logger").error(`Vault webhook for payment ${notice.paymentId} not recorded: ${messageOf(error)}`)
    return res
      .status(500)
      .json({ result: "error", message: "Vault webhook could not be recorded; it will be retried." })
  }
  if (accepted.duplicate) return res.status(200).json({ result: "ok", duplicate: true })
  await announceWebhookDelivery(req.scope, accepted.id)
  return res.status(200).json({ result: "ok" })
}
