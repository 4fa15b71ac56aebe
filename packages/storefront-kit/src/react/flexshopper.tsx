"use client"
// FlexShopper (US lease-to-own): eligibility, account (create from the cart, or find by phone +
// SSN), prequalification, identity questions, then the lease signed in FlexShopper's own window
// (FlexSDK button, single-use auth code from the session route). The order is placed by the
// plugin's /flexshopper/complete route, which reads the signed lease from FlexShopper itself;
// onSign's payload is never trusted or forwarded.
import { useEffect, useRef, useState } from "react"
import { formatTotal } from "../money"
import { orderReturnPath } from "../returns"
import type { FlexCustomer, FlexLeaseOrder, FlexQuiz } from "../types"
import { ANOTHER_WAY, Alert, Button, Field, Status, messageOf, useStep, type JourneyProps } from "./shared"

interface FlexSdkButtonOptions {
  [authCodeOption: string]: unknown
  createOrder: (
    data: unknown,
    actions: { transaction: { create(order: FlexLeaseOrder): Promise<unknown> } },
  ) => Promise<unknown>
  onSign: (data: unknown) => void
  onCancel?: (data: unknown) => void
  onError?: (error: { message?: string; code?: string }) => void
}

type FlexSdk = { Button(options: FlexSdkButtonOptions): { render(target: string | HTMLElement): Promise<void> } }
const flexSdk = () => (window as unknown as { FlexSDK?: FlexSdk }).FlexSDK

const scripts = new Map<string, Promise<void>>()

/** Loads FlexShopper's SDK once per URL (the URL comes from the backend, never the page). */
export function loadFlexSdk(url: string): Promise<void> {
  if (!/^https?:\/\//.test(url))
    return Promise.reject(new Error("FlexShopper: the SDK script URL is not an http(s) URL."))
  let loading = scripts.get(url)
  if (!loading) {
    loading = new Promise<void>((resolve, reject) => {
      const script = document.createElement("script")
      script.src = url
      script.async = true
      script.addEventListener("load", () =>
        flexSdk() ? resolve() : reject(new Error("FlexShopper: the SDK script loaded without FlexSDK.")),
      )
      script.addEventListener("error", () => reject(new Error("FlexShopper's payment window could not be loaded.")))
      document.head.append(script)
    })
    loading.catch(() => scripts.delete(url))
    scripts.set(url, loading)
  }
  return loading
}

const LEAVE = `You left the FlexShopper application. ${ANOTHER_WAY}`
const digits = (value: FormDataEntryValue | null) => String(value ?? "").replace(/[\s().-]/g, "")
const text = (value: FormDataEntryValue | null) => String(value ?? "").trim()
const SIGN_IN: FlexCustomer = {
  first_name: "",
  decision: null,
  verification_status: null,
  spending_hold: false,
  next_step: "sign_in",
}

function declinedMessage(customer: FlexCustomer): string {
  if (customer.spending_hold)
    return `Your FlexShopper account is on a spending hold, so it can't be used for this order. ${ANOTHER_WAY}`
  if (customer.verification_status === "failed")
    return `FlexShopper could not confirm your identity, so it can't offer you a lease. ${ANOTHER_WAY}`
  return `FlexShopper declined your lease application. ${ANOTHER_WAY}`
}

/**
 * `authCodeOption`: the FlexSDK.Button option that signs the shopper in with the plugin's auth code.
 * FlexShopper's public docs do not name it ("authCode" is our guess); set it from FlexShopper's partner pack.
 */
export function FlexShopperCheckout({
  client,
  cart,
  onResult,
  returnBase,
  authCodeOption = "authCode",
}: JourneyProps & { authCodeOption?: string }) {
  const api = client.flexshopper
  const [customer, setCustomer] = useState<FlexCustomer | null>(null)
  const [quiz, setQuiz] = useState<FlexQuiz | null>(null)
  const [checked, setChecked] = useState(false)
  const step = useStep()
  const leave = () => onResult({ kind: "failed", message: LEAVE })

  // Can this cart be leased at all? (US dollars, order size, items.)
  useEffect(() => {
    let live = true
    api.options(cart.id).then(
      (options) => {
        if (!live) return
        if (!options.available)
          onResult({
            kind: "failed",
            message: `${options.reasons.map((r) => r.message).join(" ") || "FlexShopper can't lease this cart."} ${ANOTHER_WAY}`,
          })
        else setChecked(true)
      },
      (error) =>
        live &&
        onResult({
          kind: "failed",
          message: `${messageOf(error, "FlexShopper is not available right now.")} ${ANOTHER_WAY}`,
        }),
    )
    return () => {
      live = false
    }
  }, [api, cart.id]) // eslint-disable-line react-hooks/exhaustive-deps

  // Each answer names the next step; declines and reviews end the journey.
  useEffect(() => {
    if (!customer) return
    if (customer.next_step === "declined") onResult({ kind: "failed", message: declinedMessage(customer) })
    if (customer.next_step === "wait")
      onResult({
        kind: "failed",
        message: `FlexShopper is still reviewing your application, so it can't be used for this order yet. ${ANOTHER_WAY}`,
      })
    if (customer.next_step === "verification" && !quiz)
      void step.run(async () => setQuiz((await api.quiz(cart.id)).quiz))
  }, [customer]) // eslint-disable-line react-hooks/exhaustive-deps

  if (!checked) return <Status lender="flexshopper">Checking FlexShopper…</Status>

  const cancel = (
    <Button testId="flexshopper-leave" secondary onClick={leave}>
      Choose another way to pay
    </Button>
  )

  if (!customer || customer.next_step === "create_account") {
    return (
      <div className="financing-journey flex flex-col gap-4" data-testid="flexshopper-account">
        <p>FlexShopper needs an account to decide on your lease. It takes a few minutes.</p>
        <Alert lender="flexshopper" message={step.error} />
        <Button
          testId="flexshopper-create-account"
          disabled={step.busy}
          onClick={() => void step.run(async () => setCustomer((await api.createAccount(cart.id)).customer))}
        >
          Create my FlexShopper account ({cart.email ?? "this order's email"})
        </Button>
        <form
          className="flex flex-col gap-2"
          data-testid="flexshopper-lookup"
          onSubmit={(event) => {
            event.preventDefault()
            const values = new FormData(event.currentTarget)
            void step.run(async () => {
              const found = await api.lookup(
                cart.id,
                digits(values.get("lookup_phone")),
                digits(values.get("lookup_ssn")),
              )
              if (!found.found)
                throw new Error(
                  "FlexShopper has no account with that phone number and SSN. Check them, or create a new account.",
                )
              setCustomer(SIGN_IN)
            })
          }}
        >
          <p>Already have a FlexShopper account?</p>
          <Field name="lookup_phone" label="Mobile phone" type="tel" defaultValue={cart.billing_address?.phone ?? ""} />
          <Field name="lookup_ssn" label="Social Security number" inputMode="numeric" />
          <Button testId="flexshopper-find-account" type="submit" disabled={step.busy}>
            Find my account
          </Button>
        </form>
        {cancel}
      </div>
    )
  }

  if (customer.next_step === "prequalification") {
    return (
      <form
        className="financing-journey flex flex-col gap-2"
        data-testid="flexshopper-application"
        onSubmit={(event) => {
          event.preventDefault()
          const values = new FormData(event.currentTarget)
          void step.run(async () => {
            const income = digits(values.get("monthly_income")).replace(/,/g, "")
            if (!/^\d+$/.test(income)) throw new Error("Monthly income: enter whole dollars, e.g. 4800.")
            const answer = await api.prequalify(cart.id, {
              ssn: digits(values.get("ssn")),
              date_of_birth: text(values.get("date_of_birth")),
              monthly_income: Number(income),
              pay_frequency: text(values.get("pay_frequency")),
              mobile_phone: digits(values.get("mobile_phone")).replace(/^\+?1(?=\d{10}$)/, ""),
              bank_account: {
                routing_number: digits(values.get("routing_number")),
                account_number: digits(values.get("account_number")),
                type: text(values.get("account_type")) === "savings" ? "savings" : "checking",
              },
            })
            setCustomer(answer.customer)
          })
        }}
      >
        <p>
          Apply for your lease{customer.first_name ? `, ${customer.first_name}` : ""}. Your details go to FlexShopper
          only.
        </p>
        <Field name="ssn" label="Social Security number" inputMode="numeric" hint="9 digits" />
        <Field name="date_of_birth" label="Date of birth" type="date" autoComplete="bday" />
        <Field name="monthly_income" label="Monthly income (whole dollars)" inputMode="numeric" />
        <label className="financing-field flex flex-col gap-1">
          <span>How often are you paid?</span>
          <select name="pay_frequency" defaultValue="biweekly" data-testid="financing-field-pay_frequency">
            <option value="weekly">Weekly</option>
            <option value="biweekly">Every two weeks</option>
            <option value="semimonthly">Twice a month</option>
            <option value="monthly">Monthly</option>
          </select>
        </label>
        <Field name="mobile_phone" label="Mobile phone" type="tel" defaultValue={cart.billing_address?.phone ?? ""} />
        <Field name="routing_number" label="Bank routing number" inputMode="numeric" hint="9 digits" />
        <Field name="account_number" label="Bank account number" inputMode="numeric" />
        <label className="financing-field flex flex-col gap-1">
          <span>Account type</span>
          <select name="account_type" defaultValue="checking" data-testid="financing-field-account_type">
            <option value="checking">Checking</option>
            <option value="savings">Savings</option>
          </select>
        </label>
        <Alert lender="flexshopper" message={step.error} />
        <Button testId="flexshopper-apply" type="submit" disabled={step.busy}>
          Apply
        </Button>
        {cancel}
      </form>
    )
  }

  if (customer.next_step === "verification") {
    if (!quiz) return <Status lender="flexshopper">Loading FlexShopper's questions…</Status>
    return (
      <form
        className="financing-journey flex flex-col gap-2"
        data-testid="flexshopper-verification"
        onSubmit={(event) => {
          event.preventDefault()
          const values = new FormData(event.currentTarget)
          const answers = quiz.questions.map((q) => ({ question_id: q.id, choice_id: String(values.get(q.id) ?? "") }))
          if (answers.some((a) => !a.choice_id)) return step.setError("Answer every question.")
          void step.run(async () => setCustomer((await api.answer(cart.id, quiz.id, answers)).customer))
        }}
      >
        <p>FlexShopper asks a few questions from public records to confirm it's you.</p>
        {quiz.questions.map((question) => (
          <fieldset key={question.id} data-testid="flexshopper-kba-question">
            <legend>{question.label}</legend>
            {question.choices.map((choice) => (
              <label key={choice.id} className="flex gap-2">
                <input type="radio" name={question.id} value={choice.id} required />
                {choice.label}
              </label>
            ))}
          </fieldset>
        ))}
        <Alert lender="flexshopper" message={step.error} />
        <Button testId="flexshopper-answer" type="submit" disabled={step.busy}>
          Confirm my identity
        </Button>
        {cancel}
      </form>
    )
  }

  if (customer.next_step === "session" || customer.next_step === "sign_in") {
    return <FlexShopperSign {...{ client, cart, onResult, returnBase, authCodeOption }} customer={customer} />
  }
  return <Status lender="flexshopper">One moment…</Status>
}

function FlexShopperSign({
  client,
  cart,
  onResult,
  returnBase,
  customer,
  authCodeOption,
}: JourneyProps & { customer: FlexCustomer; authCodeOption: string }) {
  const slot = useRef<HTMLDivElement>(null)
  const [status, setStatus] = useState("Preparing your lease…")
  const [error, setError] = useState<string | null>(null)
  const api = client.flexshopper

  useEffect(() => {
    let done = false
    const fail = (message: string) => {
      if (done) return
      done = true
      onResult({ kind: "failed", message: `${message} ${ANOTHER_WAY}` })
    }
    const place = async () => {
      if (done) return
      setStatus("Lease signed. Placing your order…")
      slot.current?.replaceChildren()
      try {
        const completion = await api.complete(cart.id)
        if (completion.type === "order") {
          done = true
          window.location.assign(orderReturnPath("flexshopper", cart.id, returnBase))
          return onResult({ kind: "order" })
        }
        fail(completion.error?.message ?? "FlexShopper did not authorize the lease.")
      } catch (failure) {
        fail(messageOf(failure, "The order could not be placed."))
      }
    }
    const show = (authCode: string | null, transaction: FlexLeaseOrder) => {
      if (done || !slot.current) return
      slot.current.replaceChildren()
      setStatus("Click the button to open FlexShopper and sign.")
      flexSdk()!
        .Button({
          ...(authCode ? { [authCodeOption]: authCode } : {}),
          createOrder: (_data, actions) => actions.transaction.create(transaction),
          onSign: () => void place(),
          onCancel: () => void again("You closed FlexShopper without signing.", transaction),
          onError: (e) =>
            void again(
              e?.message ? `FlexShopper: ${e.message}.` : "FlexShopper's window reported an error.",
              transaction,
            ),
        })
        .render(slot.current)
        .catch((e: unknown) => fail(messageOf(e, "FlexShopper's button could not be shown.")))
    }
    // The code was spent opening the window; a new one lets the shopper open it again.
    const again = async (message: string, transaction: FlexLeaseOrder) => {
      if (done) return
      setError(`${message} Open it again, or choose another way to pay.`)
      try {
        show((await api.authCode(cart.id)).auth_code, transaction)
      } catch (failure) {
        fail(messageOf(failure, "FlexShopper cannot be opened again right now."))
      }
    }
    api
      .session(cart.id)
      .then(async (session) => {
        await loadFlexSdk(session.modal.script_url)
        show(session.modal.auth_code, session.modal.transaction)
      })
      .catch((failure) => fail(messageOf(failure, "FlexShopper cannot start the lease right now.")))
    return () => {
      done = true
    }
  }, []) // eslint-disable-line react-hooks/exhaustive-deps

  const available = customer.decision ? formatTotal(customer.decision.available_balance, "usd") : null
  return (
    <div className="financing-journey flex flex-col gap-2" data-testid="flexshopper-sign">
      {available ? (
        <p data-testid="flexshopper-approved">FlexShopper approved you: {available} available to spend.</p>
      ) : null}
      <p>
        {customer.next_step === "sign_in"
          ? "We found your FlexShopper account. Sign in to FlexShopper in its window to use it, then review and sign the lease there."
          : "Review and sign the lease in FlexShopper's window. It shows your weekly payments and the total cost before you sign."}
      </p>
      <Status lender="flexshopper">{status}</Status>
      <Alert lender="flexshopper" message={error} />
      <div ref={slot} data-testid="flexshopper-modal-slot" />
      <Button
        testId="flexshopper-leave"
        secondary
        onClick={() =>
          onResult({
            kind: "failed",
            message: `You left FlexShopper without signing, so no lease was made. ${ANOTHER_WAY}`,
          })
        }
      >
        Choose another way to pay
      </Button>
    </div>
  )
}
