// Drives the PP3 modal stand-in over plain HTTP, the way the SDK script and a shopper's browser
// would: create the checkout (what `actions.transaction.create` triggers), open the modal page,
// tick "sign" and read the `onSign` payload the result page posts to the opener.
import axios from "axios"

const http = axios.create({ validateStatus: () => true, proxy: false, timeout: 10_000, maxRedirects: 0 })

export interface ModalOrder {
  transactionId: string
  cost: number
  items: ReadonlyArray<object>
}

export function decodeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#96;/g, "`")
    .replace(/&amp;/g, "&")
}

export async function openCheckout(
  sdkBase: string,
  input: { authKey: string; authCode?: string; order: ModalOrder; origin?: string },
) {
  const res = await http.post(`${sdkBase}/checkouts`, {
    authKey: input.authKey,
    authCode: input.authCode,
    origin: input.origin ?? "http://localhost:8000",
    transaction: input.order,
  })
  return {
    status: res.status,
    data: res.data?.data as { checkoutId: string; modalUrl: string; transactionId: string } | undefined,
    error: res.data?.error,
  }
}

export interface SignOutcome {
  status: number
  html: string
  /** The `onSign` payload the modal posts to the page that opened it. */
  payload?: { transactionId: string; leaseNumber: string }
  event?: string
}

export async function signInModal(
  modalUrl: string,
  opts: { depositCard?: string; tick?: boolean } = {},
): Promise<SignOutcome> {
  const page = await http.get(modalUrl)
  const action = /action="([^"]+\/sign)"/.exec(String(page.data))?.[1]
  if (!action) return { status: page.status, html: String(page.data) }
  const form = new URLSearchParams()
  if (opts.tick !== false) form.set("signed", "true")
  if (opts.depositCard) form.set("depositCard", opts.depositCard)
  const res = await http.post(decodeHtml(action), form.toString(), {
    headers: { "content-type": "application/x-www-form-urlencoded" },
  })
  const html = String(res.data)
  const result = /data-testid="modal-result" data-event="([^"]+)" data-payload="([^"]*)"/.exec(html)
  return {
    status: res.status,
    html,
    event: result?.[1],
    payload: result ? JSON.parse(decodeHtml(result[2])) : undefined,
  }
}

/** Opens the checkout with the auth code and signs it; throws with the modal's message if it can't. */
export async function signLease(
  sdkBase: string,
  input: { authKey: string; authCode: string; order: ModalOrder; depositCard?: string },
) {
  const opened = await openCheckout(sdkBase, input)
  if (!opened.data) throw new Error(`checkout refused: ${opened.status} ${JSON.stringify(opened.error)}`)
  const signed = await signInModal(opened.data.modalUrl, { depositCard: input.depositCard })
  if (!signed.payload)
    throw new Error(
      `modal did not sign: ${signed.status} ${/data-testid="modal-error">([^<]*)/.exec(signed.html)?.[1] ?? ""}`,
    )
  return signed.payload
}
