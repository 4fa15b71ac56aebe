// The last step: the lease is signed in FlexShopper's own window (the PP3 modal), opened by the
// FlexSDK button with the single-use auth code the session route minted — or, for an account found by
// phone + SSN, with no code: the shopper signs in to FlexShopper in its window to prove it's theirs. onSign's payload is
// not trusted or forwarded: the store route reads the signed lease from FlexShopper, checks it
// against the cart and places the order. Closing the modal mints a fresh code to try again.
import { el } from "../dom"
import type { FlexCustomer, FlexLeaseOrder, FlexShopperApi, FlexSession } from "./flexshopper-api"
import { errorText } from "./flexshopper-api"
import { dollars } from "./flexshopper-view"
import type { CheckoutContext, JourneyResult } from "./types"

interface FlexSdkButtonOptions {
  authCode?: string
  createOrder: (
    data: unknown,
    actions: { transaction: { create(order: FlexLeaseOrder): Promise<unknown> } },
  ) => Promise<unknown>
  onSign: (data: unknown) => void
  onCancel?: (data: unknown) => void
  onError?: (error: { message?: string; code?: string }) => void
}

declare global {
  interface Window {
    FlexSDK?: { Button(options: FlexSdkButtonOptions): { render(target: string | HTMLElement): Promise<void> } }
  }
}

const scripts = new Map<string, Promise<void>>()

/** Loads FlexShopper's SDK script once per URL (the URL comes from the backend, not the page). */
export function loadFlexSdk(url: string): Promise<void> {
  if (!/^https?:\/\//.test(url))
    return Promise.reject(new Error("FlexShopper: the SDK script URL is not an http(s) URL."))
  let loading = scripts.get(url)
  if (!loading) {
    loading = new Promise<void>((resolve, reject) => {
      const script = el("script", { src: url, async: "" })
      script.addEventListener("load", () =>
        window.FlexSDK ? resolve() : reject(new Error("FlexShopper: the SDK script loaded without FlexSDK.")),
      )
      script.addEventListener("error", () => reject(new Error("FlexShopper's payment window could not be loaded.")))
      document.head.append(script)
    })
    loading.catch(() => scripts.delete(url))
    scripts.set(url, loading)
  }
  return loading
}

const failed = (message: string): JourneyResult => ({ kind: "failed", message })

export async function signScreen(
  ctx: CheckoutContext,
  api: FlexShopperApi,
  customer: FlexCustomer,
): Promise<JourneyResult> {
  const status = el("p", { class: "lender-status", "data-testid": "flexshopper-status" }, "Preparing your lease…")
  const error = el("p", { class: "lender-error", role: "alert", "data-testid": "flexshopper-error", hidden: "" })
  const slot = el("div", { class: "lender-modal-slot", "data-testid": "flexshopper-modal-slot" })
  const away = el(
    "button",
    { type: "button", class: "lender-secondary", "data-testid": "flexshopper-leave" },
    "Choose another way to pay",
  )
  const available = customer.decision ? dollars(customer.decision.available_balance) : undefined
  ctx.mount.replaceChildren(
    el(
      "section",
      { class: "lender-journey lender-flexshopper", "data-testid": "flexshopper-sign" },
      el("h3", {}, "Sign your lease"),
      available
        ? el(
            "p",
            { class: "lender-approved", "data-testid": "flexshopper-approved" },
            `FlexShopper approved you: ${available} available to spend.`,
          )
        : null,
      customer.next_step === "sign_in"
        ? el(
            "p",
            { "data-testid": "flexshopper-sign-in-note" },
            "We found your FlexShopper account. Sign in to FlexShopper in its window to use it, then review and sign the lease there.",
          )
        : el(
            "p",
            {},
            "Review and sign the lease in FlexShopper's window. It shows your weekly payments and the total cost before you sign.",
          ),
      status,
      error,
      slot,
      el("div", { class: "lender-actions" }, away),
    ),
  )

  let session: FlexSession
  try {
    session = await api.session()
    await loadFlexSdk(session.modal.script_url)
  } catch (err) {
    return failed(errorText(err, "FlexShopper cannot start the lease right now.") + " Choose another way to pay.")
  }

  return new Promise<JourneyResult>((resolve) => {
    let done = false
    const finish = (result: JourneyResult) => {
      if (done) return
      done = true
      slot.replaceChildren()
      resolve(result)
    }
    away.addEventListener("click", () =>
      finish(failed("You left FlexShopper without signing, so no lease was made. Choose another way to pay.")),
    )

    const showButton = (authCode: string | null) => {
      slot.replaceChildren()
      status.textContent = "Click the button to open FlexShopper and sign."
      window
        .FlexSDK!.Button({
          ...(authCode ? { authCode } : {}),
          createOrder: (_data, actions) => actions.transaction.create(session.modal.transaction),
          onSign: () => void place(),
          onCancel: () => void again("You closed FlexShopper without signing."),
          onError: (e) =>
            void again(e?.message ? `FlexShopper: ${e.message}.` : "FlexShopper's window reported an error."),
        })
        .render(slot)
        .catch((e: unknown) =>
          finish(failed(errorText(e, "FlexShopper's button could not be shown.") + " Choose another way to pay.")),
        )
    }

    // The code was spent opening the modal; a new one lets the shopper open it again.
    const again = async (message: string) => {
      if (done) return
      error.textContent = `${message} Open it again, or choose another way to pay.`
      error.hidden = false
      try {
        showButton((await api.authCode()).auth_code)
      } catch (err) {
        finish(failed(errorText(err, "FlexShopper cannot be opened again right now.") + " Choose another way to pay."))
      }
    }

    const place = async () => {
      if (done) return
      error.hidden = true
      slot.replaceChildren()
      status.textContent = "Lease signed. Placing your order…"
      try {
        const completion = await api.complete()
        if (completion.type === "order") return finish({ kind: "order", orderId: completion.order.id })
        finish(
          failed(
            `${completion.error?.message ?? "FlexShopper did not authorize the lease."} Choose another way to pay.`,
          ),
        )
      } catch (err) {
        finish(failed(`${errorText(err, "The order could not be placed.")} Choose another way to pay.`))
      }
    }

    showButton(session.modal.auth_code)
  })
}
