"use client"
// Small pieces every journey uses. Plain elements with data-testid and className hooks only: the
// store's own CSS (the starter's Tailwind, @medusajs/ui) styles them.
import { useState, type ReactNode } from "react"
import type { FinancingClient } from "../client"

/** The cart fields the journeys read (a Medusa StoreCart fits). */
export interface CheckoutCart {
  id: string
  email?: string | null
  total?: number | null
  currency_code?: string | null
  billing_address?: { phone?: string | null; province?: string | null } | null
  shipping_address?: { phone?: string | null; country_code?: string | null } | null
}

export type JourneyResult = { kind: "order" } | { kind: "failed"; message: string } | { kind: "redirecting" }

export interface JourneyProps {
  client: FinancingClient
  cart: CheckoutCart
  /** The journey ended: an order exists (the component already navigates), or the shopper must choose again. */
  onResult: (result: JourneyResult) => void
  /** Where the order-confirmation hand-off goes (the store's return route); default "/api/financing". */
  returnBase?: string
}

export function Status({ lender, children }: { lender: string; children: ReactNode }) {
  return (
    <p className="financing-status" data-testid={`${lender}-status`} role="status">
      {children}
    </p>
  )
}

export function Alert({ lender, message }: { lender: string; message: string | null }) {
  if (!message) return null
  return (
    <p className="financing-error text-rose-500" data-testid={`${lender}-error`} role="alert">
      {message}
    </p>
  )
}

export function Button(props: {
  testId: string
  onClick?: () => void
  type?: "button" | "submit"
  disabled?: boolean
  secondary?: boolean
  children: ReactNode
}) {
  return (
    <button
      type={props.type ?? "button"}
      onClick={props.onClick}
      disabled={props.disabled}
      data-testid={props.testId}
      className={
        props.secondary ? "financing-button-secondary underline" : "financing-button border rounded-md px-4 py-2"
      }
    >
      {props.children}
    </button>
  )
}

export function Field(props: {
  name: string
  label: string
  type?: string
  defaultValue?: string
  hint?: string
  inputMode?: "numeric" | "tel" | "text"
  autoComplete?: string
}) {
  return (
    <label className="financing-field flex flex-col gap-1">
      <span>{props.label}</span>
      <input
        name={props.name}
        type={props.type ?? "text"}
        defaultValue={props.defaultValue}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete}
        data-testid={`financing-field-${props.name}`}
        className="border rounded-md px-2 py-1"
        required
      />
      {props.hint ? <small>{props.hint}</small> : null}
    </label>
  )
}

/** Runs one step at a time: busy flag, and the backend's message when it fails. */
export function useStep() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    setBusy(true)
    setError(null)
    try {
      return await action()
    } catch (failure) {
      setError(messageOf(failure))
      return undefined
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, setError, run }
}

export function messageOf(error: unknown, fallback = "Something went wrong. Please try again."): string {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === "string" && message.trim() ? message.trim() : fallback
}

/** Leaves for a lender's hosted page; only absolute http(s) URLs the backend gave. */
export function goTo(url: string | undefined): boolean {
  if (!url || !/^https?:\/\//.test(url)) return false
  window.location.assign(url)
  return true
}

export const ANOTHER_WAY = "Choose another way to pay."
