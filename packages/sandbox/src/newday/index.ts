// NewDay NewPay "Order Processing 1.0" simulator (spec: shared/lenders/newday.md). Serves the
// gateway endpoints under /newday/merchant/... with NewDay's context headers, APIM key,
// problem+json errors and idempotency store; the sign-in (SSO) and SCA widgets the shopper
// sees; and test customers with credit limits. Optional mTLS: see ./tls.ts.
import type { Router } from "express"
import { serveLenderIndex } from "../lender-index"
import type { LenderSimulator, SimulatorContext } from "../types"
import { registerAuthorisation } from "./authorisation"
import { NEWDAY_SANDBOX_CREDENTIALS } from "./credentials"
import { SANDBOX_CUSTOMERS, SANDBOX_OFFERS, SANDBOX_OTP } from "./fixtures"
import { registerMovements } from "./movements"
import { type MerchantSettings, merchantsFromEnv } from "./settings"
import { registerScaWidget } from "./sca-widget"
import { registerSpendOptions } from "./spend-options"
import { registerSsoWidget } from "./sso-widget"
import { NewDayState, poundsText } from "./state"
import { merchantContext, problemBody, PROBLEM } from "./wire"

export { NEWDAY_SANDBOX_CREDENTIALS, NEWDAY_SANDBOX_FULL_ONLY_MERCHANT } from "./credentials"
export { SANDBOX_CUSTOMERS, SANDBOX_OTP } from "./fixtures"
export { startNewDayTlsListener, type NewDayTlsListener, type NewDayTlsListenerOptions } from "./tls"

const PROBLEM_FOR_STATUS: Record<number, string> = {
  400: PROBLEM.validation,
  404: PROBLEM.missing,
  409: PROBLEM.invalidState,
}

export function createNewDaySimulator(): LenderSimulator {
  let state: NewDayState | undefined
  let merchants: MerchantSettings[] = []

  const seed = () => {
    for (const customer of SANDBOX_CUSTOMERS) state?.customers.set(customer.customerRef, { ...customer })
  }

  return {
    slug: "newday",
    name: "NewDay NewPay",
    register(router: Router, ctx: SimulatorContext) {
      merchants = merchantsFromEnv(ctx.env)
      state = new NewDayState(ctx.store, ctx.clock, ctx.ledger)
      seed()
      router.use(
        "/merchant",
        merchantContext(() => merchants),
      )
      registerSpendOptions(router, ctx, state)
      registerAuthorisation(router, ctx, state)
      registerMovements(router, ctx, state)
      registerSsoWidget(router, ctx, state)
      registerScaWidget(router, ctx, state)
      serveLenderIndex(router, ctx, {
        ssoWidget: `${ctx.baseUrl}/sso-widget/${merchants[0].brand}/login`,
        note: "Order Processing 1.0 endpoints live under /merchant; send context-merchantId, context-tenantId and Ocp-Apim-Subscription-Key.",
      })
    },
    reset() {
      seed()
    },
    describe() {
      return {
        merchants: merchants.map((m) => ({
          merchantId: m.merchantId,
          tenantId: m.tenantId,
          fullOnly: m.fullOnly,
          scaExemptionThreshold: poundsText(m.scaExemptionThresholdMinor),
          holdDays: m.holdDays,
        })),
        customers: SANDBOX_CUSTOMERS.map((c) => ({
          email: c.email,
          name: c.name,
          customerRef: c.customerRef,
          creditLimit: poundsText(c.creditLimitMinor),
          note: c.note,
        })),
        offers: SANDBOX_OFFERS.map((o) => o.name),
        smsCode: SANDBOX_OTP,
        defaultCredentials: {
          merchantId: NEWDAY_SANDBOX_CREDENTIALS.merchantId,
          tenantId: NEWDAY_SANDBOX_CREDENTIALS.tenantId,
        },
      }
    },
    formatError(status: number, message: string) {
      return problemBody({ status, type: PROBLEM_FOR_STATUS[status] ?? PROBLEM.unavailable, detail: message })
    },
  }
}
