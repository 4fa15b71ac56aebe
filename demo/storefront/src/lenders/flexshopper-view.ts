// DOM building blocks for the FlexShopper journey: labelled fields built with textContent only
// (`el`: text from FlexShopper or the shopper can never become markup), and a "screen" —
// one or more forms that resolve with their handler's result, show the backend's error inline
// so the shopper can correct a field, and always offer a way out to another payment method.
import { el, type TextChild } from "../dom"
import type { JourneyResult } from "./types"

export interface FieldSpec {
  name: string
  label: string
  type?: string
  value?: string
  hint?: string
  autocomplete?: string
  inputmode?: string
  required?: boolean
  choices?: Array<{ value: string; label: string }>
}

/** A labelled input or select; its test id is `flexshopper-<name>`. */
export function field(spec: FieldSpec): HTMLElement {
  const id = `flexshopper-field-${spec.name}`
  const common = {
    id,
    name: spec.name,
    "data-testid": `flexshopper-${spec.name.replace(/_/g, "-")}`,
    required: spec.required === false ? undefined : "",
  }
  const control = spec.choices
    ? el(
        "select",
        common,
        ...spec.choices.map((c) =>
          el("option", { value: c.value, selected: c.value === spec.value ? "" : undefined }, c.label),
        ),
      )
    : el("input", {
        ...common,
        type: spec.type ?? "text",
        value: spec.value,
        autocomplete: spec.autocomplete ?? "off",
        inputmode: spec.inputmode,
      })
  return el(
    "div",
    { class: "lender-field" },
    el("label", { for: id }, spec.label),
    control,
    spec.hint ? el("small", {}, spec.hint) : null,
  )
}

/** Thrown from a form handler (or by the "another way to pay" button) to end the journey. */
export class LeaveJourney extends Error {
  constructor(readonly result: JourneyResult) {
    super(result.kind === "failed" ? result.message : result.kind)
  }
}

export const leave = (message: string) => new LeaveJourney({ kind: "failed", message })

export interface ScreenForm<T> {
  testId: string
  heading?: string
  fields: HTMLElement[]
  submitLabel: string
  onSubmit: (values: FormData) => Promise<T>
}

export interface Screen {
  root: HTMLElement
  showError(message: string): void
  setStatus(message: string): void
}

/**
 * Renders a screen into `mount` and resolves with the first form handler that succeeds. A
 * handler's error is shown inline and the form stays usable; LeaveJourney rejects the screen.
 */
export function screen<T>(
  mount: HTMLElement,
  opts: {
    testId: string
    title: string
    intro?: TextChild[]
    forms: Array<ScreenForm<T>>
    leaveMessage: string
    extra?: TextChild[]
  },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const error = el("p", { class: "lender-error", role: "alert", "data-testid": "flexshopper-error", hidden: "" })
    const forms = opts.forms.map((spec) => {
      const submit = el(
        "button",
        { type: "submit", class: "lender-primary", "data-testid": `${spec.testId}-submit` },
        spec.submitLabel,
      )
      const form = el(
        "form",
        { class: "lender-form", "data-testid": spec.testId, novalidate: "" },
        spec.heading ? el("h4", {}, spec.heading) : null,
        ...spec.fields,
        el("div", { class: "lender-actions" }, submit),
      )
      form.addEventListener("submit", (event) => {
        event.preventDefault()
        error.hidden = true
        submit.disabled = true
        spec.onSubmit(new FormData(form)).then(resolve, (err: unknown) => {
          submit.disabled = false
          if (err instanceof LeaveJourney) return reject(err)
          error.textContent = (err as Error)?.message || "FlexShopper did not answer. Try again."
          error.hidden = false
        })
      })
      return form
    })
    const away = el(
      "button",
      { type: "button", class: "lender-secondary", "data-testid": "flexshopper-leave" },
      "Choose another way to pay",
    )
    away.addEventListener("click", () => reject(leave(opts.leaveMessage)))
    mount.replaceChildren(
      el(
        "section",
        { class: "lender-journey lender-flexshopper", "data-testid": opts.testId },
        el("h3", {}, opts.title),
        ...(opts.intro ?? []),
        error,
        el("div", { class: "lender-forms" }, ...forms),
        ...(opts.extra ?? []),
        el("div", { class: "lender-actions" }, away),
      ),
    )
    forms[0]?.querySelector<HTMLElement>("input, select, button")?.focus()
  })
}

/** Whole dollars as text ("2,500") from the numbers FlexShopper reports in dollars. */
export function dollars(amount: number): string {
  const cents = Math.round(amount * 100)
  const whole = Math.floor(cents / 100).toLocaleString("en-US")
  return cents % 100 === 0 ? `$${whole}` : `$${whole}.${String(cents % 100).padStart(2, "0")}`
}
