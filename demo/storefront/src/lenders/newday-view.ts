// Markup for the NewDay journey, built with textContent only: the spend-option illustration
// (offer and choice) and the screen where the signed-in shopper picks one.
import { el } from "../dom"
import type { NewDaySpendOption, NewDaySpendOptions } from "./newday-api"

/** NewDay sends rates as fractions (0.199 = 19.9 %): shown via whole basis points, no float noise. */
export function percentText(rate: number): string {
  const bps = Math.round(rate * 10000)
  const fraction = String(bps % 100)
    .padStart(2, "0")
    .replace(/0$/, "")
  return `${Math.floor(bps / 100)}${bps % 100 ? `.${fraction}` : ""}%`
}

/** "£45.96 a month for 12 months · 19.9% interest · £551.52 in total" — only the parts NewDay gave. */
export function describeOption(option: NewDaySpendOption): string {
  const parts: string[] = []
  if (option.monthly_payment)
    parts.push(`£${option.monthly_payment} a month${option.duration ? ` for ${option.duration} months` : ""}`)
  else if (option.spend_type === "Purchase") parts.push("flexible monthly repayments")
  parts.push(`${percentText(option.interest_rate)} interest`)
  if (option.total_repayable) parts.push(`£${option.total_repayable} in total`)
  return parts.join(" · ")
}

/** Product-page style messaging: "from £X a month", then a few of the options. */
export function offerView(offer: NewDaySpendOptions): HTMLElement {
  const from = offer.from_monthly_payment
    ? `Pay from £${offer.from_monthly_payment} a month${offer.from_duration ? ` over ${offer.from_duration} months` : ""} with NewDay NewPay.`
    : "Spread the cost with NewDay NewPay credit."
  return el(
    "span",
    { class: "lender-offer", "data-testid": "newday-offer" },
    el("strong", {}, from),
    offer.options.length
      ? el(
          "ul",
          { class: "lender-offer-list" },
          ...offer.options
            .slice(0, 3)
            .map((o) => el("li", { "data-testid": "newday-offer-option" }, `${o.name}: ${describeOption(o)}`)),
        )
      : null,
    el("small", {}, "Sign in to NewDay to see the options for your account. Subject to status."),
  )
}

/** spendOptionId absent: the shopper's NewPay credit line (revolving credit, NewDay's default). */
export type Choice = { kind: "option"; spendOptionId?: string } | { kind: "leave" } | { kind: "switch-account" }

/** The radio value of the revolving-credit choice (sent as no spend_option_id at all). */
export const REVOLVING_CREDIT_VALUE = "revolving-credit"

export interface ChoiceScreen {
  /** The shopper's next action on the screen. */
  next(): Promise<Choice>
  showError(message: string): void
  setBusy(busy: boolean, message?: string): void
}

export function choiceScreen(mount: HTMLElement, offered: NewDaySpendOptions): ChoiceScreen {
  const error = el("p", { class: "lender-error", role: "alert", "data-testid": "newday-error", hidden: "" })
  const status = el("p", { class: "lender-status", "data-testid": "newday-status", hidden: "" })
  const choosable = offered.options.filter((o) => o.spend_option_id)
  const radios = choosable.map((option, i) => {
    const id = `newday-option-${i}`
    const input = el("input", {
      type: "radio",
      name: "spend_option_id",
      id,
      value: option.spend_option_id,
      checked: i === 0 ? "" : undefined,
    })
    return el(
      "div",
      {
        class: "lender-choice lender-spend-option",
        "data-testid": "newday-spend-option",
        "data-spend-type": option.spend_type,
        "data-spend-option-id": option.spend_option_id,
      },
      input,
      el("label", { for: id }, el("strong", {}, option.name), el("span", {}, describeOption(option))),
    )
  })
  // Always offered: without a spend option NewDay authorises on the shopper's revolving credit.
  const revolvingId = "newday-option-revolving"
  radios.push(
    el(
      "div",
      {
        class: "lender-choice lender-spend-option",
        "data-testid": "newday-revolving-credit",
        "data-spend-type": "revolving",
      },
      el("input", {
        type: "radio",
        name: "spend_option_id",
        id: revolvingId,
        value: REVOLVING_CREDIT_VALUE,
        checked: choosable.length ? undefined : "",
      }),
      el(
        "label",
        { for: revolvingId },
        el("strong", {}, "Pay with your NewPay credit line"),
        el("span", {}, "revolving credit · your account's usual rate and repayments"),
      ),
    ),
  )
  const submit = el(
    "button",
    { type: "submit", class: "lender-primary", "data-testid": "newday-continue" },
    `Pay £${offered.amount} with NewDay`,
  )
  const away = el(
    "button",
    { type: "button", class: "lender-secondary", "data-testid": "newday-leave" },
    "Choose another way to pay",
  )
  const other = el(
    "button",
    { type: "button", class: "lender-secondary", "data-testid": "newday-switch-account" },
    "Use another NewDay account",
  )
  const form = el(
    "form",
    { class: "lender-form", "data-testid": "newday-spend-options" },
    el("fieldset", {}, el("legend", {}, "Choose how to pay"), ...radios),
    el("div", { class: "lender-actions" }, submit),
  )
  mount.replaceChildren(
    el(
      "section",
      { class: "lender-journey lender-newday", "data-testid": "newday-choose" },
      el("h3", {}, "Your NewDay NewPay options"),
      error,
      status,
      form,
      el("div", { class: "lender-actions" }, other, away),
    ),
  )
  let waiting: ((value: Choice) => void) | undefined
  form.addEventListener("submit", (event) => {
    event.preventDefault()
    const chosen = new FormData(form).get("spend_option_id")
    if (typeof chosen !== "string" || !chosen) return screen.showError("Choose one of the options.")
    waiting?.(chosen === REVOLVING_CREDIT_VALUE ? { kind: "option" } : { kind: "option", spendOptionId: chosen })
  })
  away.addEventListener("click", () => waiting?.({ kind: "leave" }))
  other.addEventListener("click", () => waiting?.({ kind: "switch-account" }))
  const screen: ChoiceScreen = {
    next: () => new Promise((resolve) => (waiting = resolve)),
    showError(message) {
      error.textContent = message
      error.hidden = false
    },
    setBusy(busy, message) {
      submit.disabled = busy
      if (busy) error.hidden = true
      status.textContent = message ?? ""
      status.hidden = !message
    },
  }
  return screen
}
