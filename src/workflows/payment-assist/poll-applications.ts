// Payment Assist's docs: never rely on webhooks alone; poll /status every 5–10 minutes while an
// outcome is expected. This also covers auto-capture off, where an approved application stops in
// pending_capture and no webhook is sent (webhooks fire only on terminal states): a shopper who
// never comes back still gets an order. A step of the reconcile job (every 5 minutes); unlike the
// session reconcile it asks about every waiting application, young ones too, without backoff.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { messageOf } from "../../provider-kit/message-of"
import { maybePaymentAssistOptions, PAYMENT_ASSIST_PROVIDER_ID } from "./context"
import { syncPaymentAssistApplicationWorkflow } from "./sync-application"

const LOOK_BACK_MS = 3 * 24 * 60 * 60 * 1000
const BATCH = 100

export async function pollPaymentAssistApplications(container: MedusaContainer, now: Date = new Date()): Promise<void> {
  if (!(await maybePaymentAssistOptions(container))) return
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const payments = container.resolve(Modules.PAYMENT)
  const sessions = await payments.listPaymentSessions(
    {
      provider_id: PAYMENT_ASSIST_PROVIDER_ID,
      status: ["pending", "requires_more"],
      created_at: { $gte: new Date(now.getTime() - LOOK_BACK_MS) },
    } as never,
    { take: BATCH, order: { created_at: "DESC" } },
  )
  for (const session of sessions) {
    const token = (session.data as Record<string, unknown> | undefined)?.token
    if (typeof token !== "string") continue
    try {
      await syncPaymentAssistApplicationWorkflow(container).run({
        input: { token, payment_session_id: session.id, source: "sync" },
      })
    } catch (error) {
      logger.warn(`Payment Assist poll of session ${session.id} failed: ${messageOf(error)}`)
    }
  }
}
