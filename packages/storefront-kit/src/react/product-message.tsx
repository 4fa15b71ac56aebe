"use client"
// "From £X a month" under a product price, with the representative example FCA CONC 3.5.5R
// requires, more prominent than the figure. Renders nothing when no lender is promoted for the price.
import { useEffect, useState } from "react"
import type { FinancingClient } from "../client"
import { fromMonthly, type MonthlyMessage } from "../messaging"
import { decimalText } from "../money"

export function FinancingProductMessage({
  client,
  amount,
  currencyCode,
  countryCode,
  className,
}: {
  client: FinancingClient
  /** The price as Medusa gives it (major units, e.g. 450 or 12.5). */
  amount: number | string | null | undefined
  currencyCode: string | null | undefined
  /** The shopper's country where known (the region's), so only lenders lending there are promoted. */
  countryCode?: string | null
  className?: string
}) {
  const [message, setMessage] = useState<MonthlyMessage | null>(null)
  useEffect(() => {
    let live = true
    const price = decimalText(amount)
    if (!price || !currencyCode) return setMessage(null)
    fromMonthly(client, price, currencyCode, countryCode ?? undefined).then((m) => live && setMessage(m))
    return () => {
      live = false
    }
  }, [client, amount, currencyCode, countryCode])
  if (!message) return null
  return (
    <div
      className={className ?? "financing-product-message"}
      data-testid="financing-product-message"
      data-lender={message.lender}
    >
      <p className="txt-small text-ui-fg-subtle" data-testid="financing-product-headline">
        {message.text}
      </p>
      <p className="txt-compact-small-plus text-ui-fg-base" data-testid="financing-representative-example">
        {message.representative_example}
      </p>
    </div>
  )
}
