// Webhooks (spec §6): a JSON POST to the application's webhook_url when it reaches a terminal
// state, retried up to 3 times unless the receiver answers exactly 200. The signature scheme for
// the nested event_data is undocumented; the sandbox uses PAYMENT_ASSIST_SANDBOX_WEBHOOK_SCHEME
// (json | php-array | scalars). Default php-array: Payment Assist's own PHP reference function
// applied literally (EVENT_DATA=Array), the most likely reading of "computed the same way as for
// inbound requests"; the plugin's default ("any") accepts it, as it accepts the other two.
import type { SimulatorContext } from "../types"
import { type Application, phpEventTime } from "./applications"
import type { PaymentAssistCredentials } from "./credentials"
import { type SandboxWebhookScheme, webhookSignature } from "./signature"

const SCHEMES: readonly SandboxWebhookScheme[] = ["json", "php-array", "scalars"]

export function webhookScheme(env: Readonly<Record<string, string | undefined>>): SandboxWebhookScheme {
  const wanted = env.PAYMENT_ASSIST_SANDBOX_WEBHOOK_SCHEME as SandboxWebhookScheme | undefined
  return wanted && SCHEMES.includes(wanted) ? wanted : "php-array"
}

export function sendTerminalWebhook(
  ctx: SimulatorContext,
  credentials: PaymentAssistCredentials,
  app: Application,
): void {
  if (!app.webhook_url) return
  const payload = {
    event_name: `application.${app.status}`,
    event_data: { token: app.token },
    event_time: phpEventTime(ctx.clock.now()),
  }
  const signature = webhookSignature(payload, credentials.secret, webhookScheme(ctx.env))
  void ctx.webhooks.deliver({
    url: app.webhook_url,
    body: JSON.stringify({ ...payload, signature }),
    event: payload.event_name,
    maxAttempts: 4,
    backoffMs: Number(ctx.env.PAYMENT_ASSIST_SANDBOX_WEBHOOK_BACKOFF_MS ?? 200),
  })
}
