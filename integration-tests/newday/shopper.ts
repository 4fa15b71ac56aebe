// Drives NewDay's widgets the way a shopper's browser does: open the sandbox page, submit its
// form, and follow the auto-submitting form-POST back to the Medusa backend. No JavaScript
// needed: the hand-back pages carry a plain <form> with the `payload` field.
import axios from "axios"
import type { SeededStore } from "../../demo/seed-store"
import { type ApiClient, storeHeaders } from "../utils/store-api"

const browser = axios.create({ proxy: false, maxRedirects: 0, validateStatus: () => true, timeout: 30_000 })

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&#96;": "`",
}
const decode = (text: string) => text.replace(/&(amp|lt|gt|quot|#39|#96);/g, (m) => ENTITIES[m])

export function formAction(html: string): string {
  const match = /<form[^>]*\saction="([^"]*)"/.exec(html)
  if (!match) throw new Error(`no <form action> in page:\n${html.slice(0, 500)}`)
  return decode(match[1])
}

export function hiddenValue(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html)
  if (!match) throw new Error(`no hidden field ${name} in page`)
  return decode(match[1])
}

async function postForm(url: string, fields: Record<string, string>) {
  return browser.post(url, new URLSearchParams(fields).toString(), {
    headers: { "content-type": "application/x-www-form-urlencoded" },
  })
}

/** Submits a widget form and posts its hand-back page to the store; returns the store's answer (a redirect). */
async function submitAndHandBack(widgetAction: string, fields: Record<string, string>) {
  const handBack = await postForm(widgetAction, fields)
  if (handBack.status !== 200)
    throw new Error(`widget answered ${handBack.status}: ${String(handBack.data).slice(0, 300)}`)
  return {
    handBackPage: handBack.data as string,
    storeAnswer: await postForm(formAction(handBack.data), { payload: hiddenValue(handBack.data, "payload") }),
  }
}

export interface Redirect {
  status: number
  location: URL
}

function redirectOf(res: { status: number; headers: Record<string, unknown>; data: unknown }): Redirect {
  if (res.status !== 302)
    throw new Error(`expected a redirect from the store, got ${res.status}: ${JSON.stringify(res.data).slice(0, 300)}`)
  return { status: res.status, location: new URL(String(res.headers.location)) }
}

/** NewDay sign-in for a cart, as the shopper with this sandbox email. */
export async function signInWithNewDay(
  api: ApiClient,
  store: SeededStore,
  cartId: string,
  email: string,
): Promise<Redirect> {
  const { data } = await api.post(`/store/financing/newday/carts/${cartId}/sign-in`, {}, storeHeaders(store))
  const page = await browser.get(data.sign_in_url)
  if (page.status !== 200) throw new Error(`sign-in widget answered ${page.status}`)
  const { storeAnswer } = await submitAndHandBack(formAction(page.data), {
    redirect_uri: hiddenValue(page.data, "redirect_uri"),
    email,
    password: "x",
  })
  return redirectOf(storeAnswer)
}

/** Signs in, picks a spend option (the first offered unless told) and creates the session. */
export async function checkoutWithNewDay(
  api: ApiClient,
  store: SeededStore,
  cartId: string,
  email: string,
  pick?: (o: any) => boolean,
) {
  await signInWithNewDay(api, store, cartId, email)
  const { data: offered } = await api.get(`/store/financing/newday/carts/${cartId}/spend-options`, storeHeaders(store))
  const option = offered.options.find(pick ?? (() => true))
  if (!option) throw new Error(`no matching spend option in ${JSON.stringify(offered.options)}`)
  const { data } = await api.post(
    `/store/financing/newday/carts/${cartId}/payment-session`,
    { spend_option_id: option.spend_option_id },
    storeHeaders(store),
  )
  return { option, session: data.payment_session, offered }
}

/** Completes the SCA widget (right code, or "not my number") and returns the store's redirect. */
export async function passScaWidget(
  widgetUrl: string,
  outcome: "authenticate" | "not_my_number" = "authenticate",
): Promise<Redirect> {
  const page = await browser.get(widgetUrl)
  if (page.status !== 200) throw new Error(`SCA widget answered ${page.status}: ${String(page.data).slice(0, 300)}`)
  const fields: Record<string, string> = {
    redirect_uri: hiddenValue(page.data, "redirect_uri"),
    scaToken: hiddenValue(page.data, "scaToken"),
  }
  if (outcome === "authenticate") fields.code = "123456"
  else fields.action = "not_my_number"
  const { storeAnswer } = await submitAndHandBack(formAction(page.data), fields)
  return redirectOf(storeAnswer)
}

export { browser }
