// A scripted shopper for tests and demos: opens the hosted application page at the URL /begin
// returned and approves or declines it, like a browser would (GET the page, POST its form).
// Returns where Payment Assist sends the shopper next (the signed success/failure redirect).
import axios from "axios"
import { TEST_CARD } from "./hosted-page"

export interface ShopperChoices {
  decision?: "approve" | "decline"
  cardholderName?: string
  cardNumber?: string
  planId?: number
}

export interface ShopperOutcome {
  status: number
  /** The Location header (signed return URL), when the page redirected. */
  location?: string
  html: string
}

export async function actOnHostedPage(url: string, choices: ShopperChoices = {}): Promise<ShopperOutcome> {
  const http = axios.create({
    validateStatus: () => true,
    maxRedirects: 0,
    proxy: false,
    timeout: 10_000,
    responseType: "text",
  })
  const page = await http.get<string>(url)
  if (page.status !== 200) return { status: page.status, html: page.data }
  const plan =
    choices.planId ??
    Number(/name="plan_id"[^>]*value="(\d+)"/.exec(page.data)?.[1] ?? /<option value="(\d+)"/.exec(page.data)?.[1])
  const form = new URLSearchParams({
    decision: choices.decision ?? "approve",
    cardholder_name: choices.cardholderName ?? "",
    card_number: choices.cardNumber ?? TEST_CARD,
    ...(Number.isFinite(plan) ? { plan_id: String(plan) } : {}),
  })
  const posted = await http.post<string>(url, form.toString(), {
    headers: { "content-type": "application/x-www-form-urlencoded" },
  })
  return { status: posted.status, location: posted.headers.location as string | undefined, html: posted.data }
}
