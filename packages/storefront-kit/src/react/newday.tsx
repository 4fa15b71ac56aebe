"use client"
// NewDay NewPay: sign in on NewDay's page (back through the return route with signed_in), the
// shopper's own spend options (or their revolving credit line), the payment session for the chosen
// one, then cart completion. When NewDay wants strong customer authentication the completion is
// refused with a 400 and the session holds the SCA widget: the shopper goes there and the backend
// places the order itself, coming back through the return route.
import { useEffect, useState } from "react"
import { errorStatus } from "../client"
import { percentText } from "../money"
import { orderReturnPath } from "../returns"
import type { NewDaySpendOption, NewDaySpendOptions } from "../types"
import { ANOTHER_WAY, Alert, Button, Status, goTo, messageOf, type JourneyProps } from "./shared"

const REVOLVING = "revolving-credit"

/** "£45.96 a month for 12 months · 19.9% interest · £551.52 in total" — only the parts NewDay gave. */
export function describeSpendOption(option: NewDaySpendOption): string {
  const parts: string[] = []
  if (option.monthly_payment)
    parts.push(`£${option.monthly_payment} a month${option.duration ? ` for ${option.duration} months` : ""}`)
  else if (option.spend_type === "Purchase") parts.push("flexible monthly repayments")
  parts.push(`${percentText(option.interest_rate)} interest`)
  if (option.total_repayable) parts.push(`£${option.total_repayable} in total`)
  return parts.join(" · ")
}

export function NewDayCheckout({ client, cart, onResult, returnBase }: JourneyProps) {
  const [offered, setOffered] = useState<NewDaySpendOptions | null | undefined>(undefined)
  const [choice, setChoice] = useState<string>(REVOLVING)
  const [status, setStatus] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  // Signed in already (this cart, this visit or the return from NewDay)? Then show their options.
  useEffect(() => {
    let live = true
    client.newday.cartSpendOptions(cart.id).then(
      (answer) => {
        if (!live) return
        setOffered(answer)
        const first = answer.options.find((o) => o.spend_option_id)
        if (first?.spend_option_id) setChoice(first.spend_option_id)
      },
      () => live && setOffered(null),
    )
    return () => {
      live = false
    }
  }, [client, cart.id])

  async function signIn() {
    setError(null)
    setStatus("Taking you to NewDay to sign in…")
    try {
      const { sign_in_url } = await client.newday.signIn(cart.id)
      if (goTo(sign_in_url)) return onResult({ kind: "redirecting" })
      onResult({ kind: "failed", message: `NewDay's sign-in page address is not valid. ${ANOTHER_WAY}` })
    } catch (failure) {
      setStatus(null)
      setError(messageOf(failure, "NewDay sign-in is not available right now."))
    }
  }

  async function pay() {
    setError(null)
    setStatus("Asking NewDay to authorise the payment…")
    try {
      await client.newday.choose(cart.id, choice === REVOLVING ? undefined : choice)
    } catch (failure) {
      // A stale or unknown option: the shopper can pick again.
      setStatus(null)
      return setError(messageOf(failure, "NewDay did not accept that option."))
    }
    try {
      const completed = await client.sdk.store.cart.complete(cart.id)
      if (completed.type === "order") {
        window.location.assign(orderReturnPath("newday", cart.id, returnBase))
        return onResult({ kind: "order" })
      }
      onResult({
        kind: "failed",
        message: `${completed.error?.message ?? "NewDay did not authorise the payment."} ${ANOTHER_WAY}`,
      })
    } catch (failure) {
      const widget =
        errorStatus(failure) === 400 ? await client.newday.scaWidgetUrl(cart.id).catch(() => undefined) : undefined
      if (widget) {
        setStatus("NewDay needs to confirm it's you. Taking you to NewDay…")
        goTo(widget)
        return onResult({ kind: "redirecting" })
      }
      onResult({ kind: "failed", message: `${messageOf(failure, "The order could not be placed.")} ${ANOTHER_WAY}` })
    }
  }

  if (offered === undefined) return <Status lender="newday">Checking NewDay…</Status>

  if (offered === null) {
    return (
      <div className="financing-journey flex flex-col gap-2" data-testid="newday-journey">
        <p>Sign in to NewDay to see the ways your NewPay account can pay for this order.</p>
        {status ? <Status lender="newday">{status}</Status> : null}
        <Alert lender="newday" message={error} />
        <Button testId="newday-sign-in" onClick={signIn} disabled={!!status}>
          Sign in with NewDay
        </Button>
      </div>
    )
  }

  const choosable = offered.options.filter((o) => o.spend_option_id)
  return (
    <form
      className="financing-journey flex flex-col gap-2"
      data-testid="newday-choice"
      onSubmit={(event) => {
        event.preventDefault()
        void pay()
      }}
    >
      <p>Choose how to pay with NewDay NewPay:</p>
      {choosable.map((option) => (
        <label key={option.spend_option_id} className="flex gap-2" data-testid="newday-spend-option">
          <input
            type="radio"
            name="spend_option_id"
            value={option.spend_option_id}
            checked={choice === option.spend_option_id}
            onChange={() => setChoice(option.spend_option_id!)}
          />
          <span>
            <strong>{option.name}</strong>: {describeSpendOption(option)}
          </span>
        </label>
      ))}
      <label className="flex gap-2" data-testid="newday-revolving-credit">
        <input
          type="radio"
          name="spend_option_id"
          value={REVOLVING}
          checked={choice === REVOLVING}
          onChange={() => setChoice(REVOLVING)}
        />
        <span>Use my NewPay credit line (pay it back flexibly)</span>
      </label>
      {status ? <Status lender="newday">{status}</Status> : null}
      <Alert lender="newday" message={error} />
      <div className="flex gap-4">
        <Button testId="newday-pay" type="submit" disabled={!!status}>
          Pay with NewDay
        </Button>
        <Button
          testId="newday-leave"
          secondary
          onClick={() => onResult({ kind: "failed", message: `You left NewDay NewPay. ${ANOTHER_WAY}` })}
        >
          Choose another way to pay
        </Button>
      </div>
    </form>
  )
}
