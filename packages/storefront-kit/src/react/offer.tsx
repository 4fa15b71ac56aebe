"use client"
// Messaging under each lender's payment option: what it costs for this cart, with the
// representative example the lender gives (Payment Assist's schedule, NewDay's rates and totals).
import { useEffect, useState, type ReactNode } from "react"
import { lenderOf, type FinancingClient } from "../client"
import { LENDER_PITCH } from "../messaging"
import { decimalText, formatDecimal } from "../money"
import { describeSpendOption } from "./newday"
import type { CheckoutCart } from "./shared"

export function FinancingOffer({
  client,
  cart,
  providerId,
}: {
  client: FinancingClient
  cart: CheckoutCart
  providerId: string
}) {
  const lender = lenderOf(providerId)
  const [content, setContent] = useState<ReactNode>(lender ? LENDER_PITCH[lender] : null)

  useEffect(() => {
    let live = true
    const show = (node: ReactNode) => live && setContent(node)
    const amount = decimalText(cart.total) ?? "0.00"
    if (lender === "payment-assist") {
      client.paymentAssist.plans({ cart_id: cart.id }).then(
        (answer) => {
          const eligible = answer.plans.filter((p) => p.eligible)
          if (!eligible.length) {
            const reason = answer.plans.find((p) => p.reason)?.reason?.message
            return show(
              <span data-testid="payment-assist-unavailable">
                Not available for this order{reason ? ` (${reason})` : ""}.
              </span>,
            )
          }
          const first = eligible[0]
          show(
            <span data-testid="payment-assist-offer">
              Interest-free instalments: pay a deposit today, the rest monthly.
              {eligible.map((plan) => (
                <span key={plan.plan_id} className="block" data-testid="payment-assist-plan">
                  <strong>{plan.name}</strong>: {plan.headline ?? ""}
                </span>
              ))}
              {first.schedule?.length ? (
                <span className="block" data-testid="payment-assist-schedule">
                  {first.name}:{" "}
                  {first.schedule.map((s) => `${s.date} ${formatDecimal(s.amount, answer.currency_code)}`).join(", ")}
                </span>
              ) : null}
            </span>,
          )
        },
        () => undefined,
      )
    } else if (lender === "newday") {
      client.newday.spendOptions(amount).then(
        (offer) => {
          show(
            <span data-testid="newday-offer">
              <strong>
                {offer.from_monthly_payment
                  ? `Pay from £${offer.from_monthly_payment} a month${offer.from_duration ? ` over ${offer.from_duration} months` : ""} with NewDay NewPay.`
                  : "Spread the cost with NewDay NewPay credit."}
              </strong>
              {offer.options.slice(0, 3).map((o) => (
                <span key={o.name} className="block" data-testid="newday-offer-option">
                  {o.name}: {describeSpendOption(o)}
                </span>
              ))}
              <small className="block">
                Representative example. Sign in to NewDay to see the options for your account. Subject to status.
              </small>
            </span>,
          )
        },
        () => undefined,
      )
    } else if (lender === "flexshopper") {
      client.flexshopper.options(cart.id).then(
        (options) => {
          if (!options.available)
            return show(
              <span data-testid="flexshopper-offer-unavailable">
                {options.reasons.map((r) => r.message).join(" ")}
              </span>,
            )
          show(
            <span data-testid="flexshopper-offer">
              <strong>Lease to own — no credit needed.</strong> Apply in minutes; FlexShopper shows your weekly payments
              before you sign.
              {options.minimum_order_value ? ` Orders from $${options.minimum_order_value}.` : ""}
            </span>,
          )
        },
        () => undefined,
      )
    } else if (lender === "vault") {
      client.vault.paymentTypes().then(
        ({ types }) => {
          show(
            <span data-testid="vault-offer">
              Pay the full amount now, no credit check.
              {types
                .filter((t) => t.type !== "EXTERNAL")
                .map((t) => (
                  <span key={t.type} className="block" data-testid="vault-payment-type">
                    <strong>{t.name}</strong>: {t.description}
                  </span>
                ))}
            </span>,
          )
        },
        () => undefined,
      )
    }
    return () => {
      live = false
    }
  }, [client, cart.id, cart.total, lender])

  if (!lender) return null
  return (
    <span className="financing-offer block txt-small text-ui-fg-subtle" data-testid={`financing-offer-${lender}`}>
      {content}
    </span>
  )
}
