"use client"
// Vault: the full amount, by card on Vault's hosted page (back through the return route) or from
// the shopper's Vault balance (sign in, pick an account, complete the cart here).
import { useState } from "react"
import { formatTotal } from "../money"
import { orderReturnPath } from "../returns"
import type { VaultAccount } from "../types"
import { ANOTHER_WAY, Alert, Button, Field, Status, goTo, useStep, type JourneyProps } from "./shared"

export function VaultCheckout({ client, cart, onResult, returnBase }: JourneyProps) {
  const [mode, setMode] = useState<"choose" | "balance">("choose")
  const [accounts, setAccounts] = useState<VaultAccount[] | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const step = useStep()

  const leave = () => {
    // Best effort: forget the Vault login kept for this cart.
    void client.vault.signOut(cart.id).catch(() => undefined)
    onResult({ kind: "failed", message: `You left Vault. ${ANOTHER_WAY}` })
  }

  async function payByCard() {
    setStatus("Taking you to the secure card payment page…")
    // "" = Vault answered without a page; undefined = the call failed (run shows its message).
    const url = await step.run(async () => (await client.vault.startCardPayment(cart.id)) ?? "")
    if (goTo(url)) return onResult({ kind: "redirecting" })
    setStatus(null)
    if (url === "") step.setError(`Vault did not return a card payment page. ${ANOTHER_WAY}`)
  }

  async function signIn(form: HTMLFormElement) {
    const values = new FormData(form)
    const answer = await step.run(() =>
      client.vault.signIn(cart.id, String(values.get("phone") ?? "").trim(), String(values.get("password") ?? "")),
    )
    if (answer) setAccounts(answer.accounts)
  }

  async function pay(accountId: string) {
    setStatus("Paying from your Vault account…")
    const started = await step.run(() => client.vault.payFromAccount(cart.id, accountId))
    if (started === undefined) return setStatus(null)
    const completed = await client.complete(cart.id)
    setStatus(null)
    if ("orderId" in completed) {
      window.location.assign(orderReturnPath("vault", cart.id, returnBase))
      return onResult({ kind: "order" })
    }
    // Not enough money (or another refusal): nothing was debited; another account may do.
    const why = /INSUFFICIENT_FUNDS/.test(completed.error)
      ? "There is not enough money in this Vault account; nothing was taken."
      : completed.error
    step.setError(`${why} Choose another account or another way to pay.`)
  }

  if (mode === "choose") {
    return (
      <div className="financing-journey flex flex-col gap-2" data-testid="vault-choice">
        <p>How would you like to pay with Vault?</p>
        {status ? <Status lender="vault">{status}</Status> : null}
        <Alert lender="vault" message={step.error} />
        <div className="flex gap-4">
          <Button testId="vault-pay-card" onClick={payByCard} disabled={step.busy}>
            Pay by card
          </Button>
          <Button testId="vault-pay-balance" onClick={() => setMode("balance")} disabled={step.busy}>
            Pay from my Vault balance
          </Button>
          <Button testId="vault-cancel" secondary onClick={leave}>
            Choose another way to pay
          </Button>
        </div>
      </div>
    )
  }

  if (!accounts) {
    return (
      <form
        className="financing-journey flex flex-col gap-2"
        data-testid="vault-sign-in-form"
        onSubmit={(event) => {
          event.preventDefault()
          void signIn(event.currentTarget)
        }}
      >
        <p>Sign in to Vault. Your password goes to Vault only; this shop never stores it.</p>
        <Field name="phone" label="Mobile number (international format)" type="tel" autoComplete="tel" />
        <Field name="password" label="Vault password" type="password" autoComplete="current-password" />
        <Alert lender="vault" message={step.error} />
        <div className="flex gap-4">
          <Button testId="vault-sign-in" type="submit" disabled={step.busy}>
            Sign in to Vault
          </Button>
          <Button testId="vault-cancel" secondary onClick={leave}>
            Choose another way to pay
          </Button>
        </div>
      </form>
    )
  }

  const usable = accounts.filter((a) => a.usable)
  const preferred = usable.find((a) => a.sufficient) ?? usable[0]
  return (
    <form
      className="financing-journey flex flex-col gap-2"
      data-testid="vault-accounts"
      onSubmit={(event) => {
        event.preventDefault()
        const id = new FormData(event.currentTarget).get("account")
        if (typeof id === "string" && id) void pay(id)
        else step.setError("Choose a Vault account to pay from.")
      }}
    >
      <p>Pay from your Vault balance</p>
      {usable.length ? null : (
        <p data-testid="vault-no-accounts">You have no Vault account in {(cart.currency_code ?? "").toUpperCase()}.</p>
      )}
      {accounts.map((account) => (
        <label
          key={account.id}
          className="flex gap-2"
          data-testid="vault-account"
          data-sufficient={String(account.sufficient)}
        >
          <input
            type="radio"
            name="account"
            value={account.id}
            disabled={!account.usable}
            defaultChecked={account === preferred}
          />
          <span>
            {account.name ?? "Account"} ({account.currency}){" "}
            <strong>
              {account.available_balance} {account.currency}
            </strong>
            {!account.usable ? " · other currency" : !account.sufficient ? " · balance too low" : ""}
          </span>
        </label>
      ))}
      {status ? <Status lender="vault">{status}</Status> : null}
      <Alert lender="vault" message={step.error} />
      <div className="flex gap-4">
        <Button testId="vault-pay" type="submit" disabled={step.busy || !usable.length}>
          Pay {formatTotal(cart.total, cart.currency_code)}
        </Button>
        <Button testId="vault-cancel" secondary onClick={leave}>
          Choose another way to pay
        </Button>
      </div>
    </form>
  )
}
