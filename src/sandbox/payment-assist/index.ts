// Payment Assist simulator. For now it only serves its index (GET /payment-assist/) so the prefix is live;
// the lender's endpoints, signing, hosted pages and state machine replace the inside of
// register() (spec: shared/lenders/payment-assist.md; contract: ../types.ts).
import { serveLenderIndex } from "../lender-index"
import type { LenderSimulator } from "../types"

export function createPaymentAssistSimulator(): LenderSimulator {
  return {
    slug: "payment-assist",
    name: "Payment Assist",
    register(router, ctx) {
      serveLenderIndex(router, ctx, { note: "No lender endpoints yet: this simulator is a skeleton." })
    },
  }
}
