// A NewDay-only sandbox for unit tests, a client bound to its built-in merchant, and a shopper
// that signs in / passes SCA through the widget pages over plain HTTP.
import axios from "axios"
import { startSandbox, type SandboxHandle } from "../../../../../packages/sandbox/src"
import {
  createNewDaySimulator,
  NEWDAY_SANDBOX_CREDENTIALS,
  SANDBOX_OTP,
} from "../../../../../packages/sandbox/src/newday"
import { NewDayClient } from "../../client"
import type { NewDayClientOptions } from "../../types"

export const page = axios.create({ proxy: false, validateStatus: () => true, maxRedirects: 0, timeout: 10_000 })

const decode = (text: string) =>
  text.replace(
    /&(amp|lt|gt|quot|#39|#96);/g,
    (m) => ({ "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#96;": "`" })[m]!,
  )

export function hidden(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html)
  if (!match) throw new Error(`no hidden ${name}`)
  return decode(match[1])
}

export function action(html: string): string {
  const match = /<form[^>]*\saction="([^"]*)"/.exec(html)
  if (!match) throw new Error("no form action")
  return decode(match[1])
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

export async function startNewDaySandbox(env: Record<string, string> = {}): Promise<SandboxHandle> {
  return startSandbox({ port: 0, quiet: true, simulators: [createNewDaySimulator()], env })
}

export function sandboxClient(sandbox: SandboxHandle, overrides: Partial<NewDayClientOptions> = {}): NewDayClient {
  return new NewDayClient({
    baseUrl: sandbox.lenderUrl("newday"),
    merchantId: NEWDAY_SANDBOX_CREDENTIALS.merchantId,
    tenantId: NEWDAY_SANDBOX_CREDENTIALS.tenantId,
    subscriptionKey: NEWDAY_SANDBOX_CREDENTIALS.subscriptionKey,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 5000,
    ...overrides,
  })
}

export interface SignedIn {
  customerRef: string
  accessToken: string
}

/** Signs in through the SSO widget and returns what it hands back to the merchant. */
export async function signIn(sandbox: SandboxHandle, email: string): Promise<SignedIn> {
  const res = await page.post(
    `${sandbox.lenderUrl("newday")}/sso-widget/newpay/login`,
    form({ redirect_uri: "https://shop.test/financing/newday/sign-in/return?cart_id=cart_1", email }),
  )
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`)
  const payload = JSON.parse(hidden(res.data, "payload"))
  return { customerRef: payload.customerRef, accessToken: payload.identityToken }
}

/** Completes the SCA widget for an Initiate answer and returns the upgraded token. */
export async function passSca(widgetUrl: string): Promise<string> {
  const url = new URL(widgetUrl)
  url.searchParams.set("redirect_uri", "https://shop.test/financing/newday/sca/return")
  const widget = await page.get(url.toString())
  const res = await page.post(
    action(widget.data),
    form({
      redirect_uri: hidden(widget.data, "redirect_uri"),
      scaToken: hidden(widget.data, "scaToken"),
      code: SANDBOX_OTP,
    }),
  )
  return JSON.parse(hidden(res.data, "payload")).scaToken
}
