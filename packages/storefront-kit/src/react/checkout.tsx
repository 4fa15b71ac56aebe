"use client"
// The lender's own steps for the chosen payment provider, in one component for the payment step.
import { useState } from "react"
import { lenderOf } from "../client"
import { FlexShopperCheckout } from "./flexshopper"
import { NewDayCheckout } from "./newday"
import { PaymentAssistCheckout } from "./payment-assist"
import type { JourneyProps, JourneyResult } from "./shared"
import { VaultCheckout } from "./vault"

const JOURNEYS = {
  "payment-assist": PaymentAssistCheckout,
  flexshopper: FlexShopperCheckout,
  newday: NewDayCheckout,
  vault: VaultCheckout,
}

export interface FinancingCheckoutProps extends Omit<JourneyProps, "onResult"> {
  providerId: string
  /** The shopper left or was declined: show the message and let them choose again. */
  onFailed: (message: string) => void
}

export function FinancingCheckout({ providerId, onFailed, ...props }: FinancingCheckoutProps) {
  const [ended, setEnded] = useState<JourneyResult | null>(null)
  const lender = lenderOf(providerId)
  if (!lender) return null
  const Journey = JOURNEYS[lender]
  if (ended?.kind === "order") {
    return (
      <p className="financing-status" data-testid="financing-order-placed" role="status">
        Order placed. Taking you to your order…
      </p>
    )
  }
  return (
    <Journey
      {...props}
      onResult={(result) => {
        setEnded(result)
        if (result.kind === "failed") onFailed(result.message)
      }}
    />
  )
}
