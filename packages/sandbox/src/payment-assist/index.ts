// Payment Assist simulator (spec: shared/lenders/payment-assist.md; contract: ../types.ts):
// the Partner API, the hosted application page, signed redirects and webhooks, expiry.
import { serveLenderIndex } from "../lender-index"
import type { LenderSimulator } from "../types"
import { DECLINED_SURNAME, registerApiRoutes } from "./api-routes"
import { createLifecycle, type Lifecycle } from "./applications"
import { sandboxCredentials } from "./credentials"
import { DEPOSIT_DECLINED_CARD, TEST_CARD, registerHostedPage } from "./hosted-page"
import { SANDBOX_PLANS } from "./plans"
import { sendTerminalWebhook, webhookScheme } from "./webhook"

export function createPaymentAssistSimulator(): LenderSimulator {
  let lifecycle: Lifecycle | undefined
  let scheme = "php-array"
  return {
    slug: "payment-assist",
    name: "Payment Assist",
    register(router, ctx) {
      const credentials = sandboxCredentials(ctx.env)
      scheme = webhookScheme(ctx.env)
      lifecycle = createLifecycle(ctx, (app) => sendTerminalWebhook(ctx, credentials, app))
      // Advancing the sandbox clock expires overdue applications (and fires their webhooks).
      ctx.clock.onChange(() => lifecycle?.sweep())
      serveLenderIndex(router, ctx)
      registerApiRoutes(router, { ctx, credentials, lifecycle })
      registerHostedPage(router, ctx, credentials, lifecycle)
    },
    describe: () => ({
      testCard: TEST_CARD,
      depositDeclinedCard: DEPOSIT_DECLINED_CARD,
      rules: [
        "the cardholder name must match the applicant's first name and surname, or the application fails",
        `/preapproval declines the surname "${DECLINED_SURNAME}" and keeps declining that applicant`,
      ],
      plans: SANDBOX_PLANS.map((p) => ({
        plan_id: p.plan_id,
        name: p.name,
        min_amount: p.min_amount,
        max_amount: p.max_amount,
      })),
      webhookSignatureScheme: scheme,
    }),
    formatError: (status, message) => ({ status: "error", msg: message, data: [] }),
  }
}
