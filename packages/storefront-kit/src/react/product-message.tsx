"use client"
// "Or from £X a month" under a product price. Renders nothing when no lender quotes the price.
import { useEffect, useState } from "react"
import type { FinancingClient } from "../client"
import { fromMonthly, type MonthlyMessage } from "../messaging"
import { decimalText } from "../money"

export function FinancingProductMessage({
  client,
  amount,
  currencyCode,
  className,
}: {
  client: FinancingClient
  /** The price as Medusa gives it (major units, e.g. 450 or 12.5). */
  amount: number | string | null | undefined
  currencyCode: string | null | undefined
  className?: string
}) {
  const [message, setMessage] = useState<MonthlyMessage | null>(null)
  useEffect(() => {
    let live = true
    const price = decimalText(amount)
    if (!price || !currencyCode) return setMessage(null)
    fromMonthly(client, price.replace(/\.00$/, ""), currencyCode).then((m) => live && setMessage(m))
    return () => {
      live = false
    }
  }, [client, amount, currencyCode])
  if (!message) return null
  return (
    <p
      className={className ?? "financing-product-message txt-small text-ui-fg-subtle"}
      data-testid="financing-product-message"
      data-lender={message.lender}
    >
      {message.text}
    </p>
  )
}
