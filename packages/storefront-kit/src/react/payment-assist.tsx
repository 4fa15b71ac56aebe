"use client"
// Payment Assist: optional soft pre-approval, then the hosted application page. The shopper comes
// back through the store's return route (/api/financing/payment-assist/success|failure).
import { useState } from "react"
import { ANOTHER_WAY, Alert, Button, Status, messageOf, goTo, type JourneyProps } from "./shared"

export function PaymentAssistCheckout({ client, cart, onResult }: JourneyProps) {
  const [status, setStatus] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function start() {
    setError(null)
    setStatus("Checking your eligibility with Payment Assist…")
    try {
      const check = await client.paymentAssist.preapproval(cart.id)
      if (!check.approved)
        return onResult({
          kind: "failed",
          message: `Payment Assist cannot offer finance for this order. ${ANOTHER_WAY}`,
        })
      setStatus("Taking you to Payment Assist to complete your application…")
      const { redirect_url } = await client.paymentAssist.startSession(cart.id)
      if (goTo(redirect_url)) return onResult({ kind: "redirecting" })
      onResult({ kind: "failed", message: `Payment Assist did not return an application page. ${ANOTHER_WAY}` })
    } catch (failure) {
      // After a declined pre-approval the plugin refuses (400) with a message saying why.
      setStatus(null)
      setError(messageOf(failure))
    }
  }

  return (
    <div className="financing-journey flex flex-col gap-2" data-testid="payment-assist-journey">
      <p>You'll apply on Payment Assist's secure page, then come back here to see your order.</p>
      {status ? <Status lender="payment-assist">{status}</Status> : null}
      <Alert lender="payment-assist" message={error} />
      <Button testId="payment-assist-continue" onClick={start} disabled={!!status && !error}>
        Continue to Payment Assist
      </Button>
    </div>
  )
}
