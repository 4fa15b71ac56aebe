import { PaymentSessionStatus } from "@medusajs/framework/utils"
import { mapApplicationStatus, PAYMENT_ASSIST_STATUS_MAP } from "../status"

describe("Payment Assist status mapping", () => {
  it.each([
    ["pending", PaymentSessionStatus.REQUIRES_MORE, "waiting"],
    ["in_progress", PaymentSessionStatus.REQUIRES_MORE, "waiting"],
    ["in progress", PaymentSessionStatus.REQUIRES_MORE, "waiting"],
    ["pending_capture", PaymentSessionStatus.AUTHORIZED, "approved"],
    ["completed", PaymentSessionStatus.CAPTURED, "approved"],
    ["failed", PaymentSessionStatus.ERROR, "declined"],
    ["expired", PaymentSessionStatus.CANCELED, "declined"],
    ["COMPLETED", PaymentSessionStatus.CAPTURED, "approved"],
  ])("%s → %s (%s)", (status, session, outcome) => {
    expect(mapApplicationStatus(status)).toEqual({ session, outcome })
  })

  it.each(["on_hold", "", undefined, null, "constructor", "toString"])(
    "fails safe on unknown %p: neither authorized nor declined",
    (status) => {
      expect(mapApplicationStatus(status as string)).toEqual({
        session: PaymentSessionStatus.PENDING,
        outcome: "unknown",
      })
    },
  )

  it("covers every documented status and nothing else", () => {
    expect(Object.keys(PAYMENT_ASSIST_STATUS_MAP).sort()).toEqual([
      "completed",
      "expired",
      "failed",
      "in_progress",
      "pending",
      "pending_capture",
    ])
  })
})
