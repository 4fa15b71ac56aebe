// The NewDay sandbox's shopper-facing widgets and gateway rules that the client tests do not
// reach: sign-in and SCA pages, their form-POST hand-backs, and requests NewDay would refuse.
import axios from "axios"
import type { SandboxHandle } from "../../../../packages/sandbox/src/server"
import { action, form, hidden, page, signIn, startNewDaySandbox } from "./helpers/newday-sandbox"
import { NEWDAY_SANDBOX_CREDENTIALS, SANDBOX_OTP } from "../../../../packages/sandbox/src/newday"

let sandbox: SandboxHandle
let base: string
const RETURN = "https://shop.test/financing/newday/sca/return?payment_session_id=payses_1&state=s1"

beforeAll(async () => {
  sandbox = await startNewDaySandbox({ NEWDAY_SANDBOX_SCA_EXEMPTION_THRESHOLD: "100" })
  base = sandbox.lenderUrl("newday")
})
afterAll(() => sandbox.close())
beforeEach(() => sandbox.reset())

const gateway = axios.create({
  proxy: false,
  validateStatus: () => true,
  headers: {
    "context-merchantId": NEWDAY_SANDBOX_CREDENTIALS.merchantId,
    "context-tenantId": NEWDAY_SANDBOX_CREDENTIALS.tenantId,
    "Ocp-Apim-Subscription-Key": NEWDAY_SANDBOX_CREDENTIALS.subscriptionKey,
  },
})

async function challenge(amount: number) {
  const shopper = await signIn(sandbox, "approve@newpay.test")
  const res = await gateway.post(
    `${base}/merchant/${shopper.customerRef}/initiate`,
    { amount: { value: amount, currencyCode: "GBP" } },
    { headers: { "customer-access-token": shopper.accessToken } },
  )
  return { shopper, ...res.data } as { shopper: typeof shopper; scaStatus: string; scaToken: string; widgetUrl: string }
}

function widgetUrl(url: string, redirectUri = RETURN) {
  const u = new URL(url)
  u.searchParams.set("redirect_uri", redirectUri)
  return u.toString()
}

describe("sign-in widget", () => {
  it("lists the test customers and hands back customerRef and an access token by form-POST", async () => {
    const login = await page.get(
      `${base}/sso-widget/newpay/login?redirect_uri=${encodeURIComponent("https://shop.test/back?cart_id=c1&state=x")}`,
    )
    expect(login.status).toBe(200)
    expect(login.data).toContain("approve@newpay.test")
    const res = await page.post(
      action(login.data),
      form({ redirect_uri: hidden(login.data, "redirect_uri"), email: "Approve@NewPay.test" }),
    )
    expect(action(res.data)).toBe("https://shop.test/back?cart_id=c1&state=x")
    expect(JSON.parse(hidden(res.data, "payload"))).toEqual({
      success: true,
      status: "authenticated",
      message: "User successfully authenticated",
      customerRef: "6a0e5c1e-2b7d-4c1a-9f3e-5d8b7a6c4e21",
      identityToken: expect.stringMatching(/^ndat_/),
    })
  })

  it("re-asks for an unknown email, reports a cancel, and refuses a missing or non-http redirect_uri", async () => {
    const unknown = await page.post(
      `${base}/sso-widget/newpay/login`,
      form({ redirect_uri: "https://shop.test/back", email: "nobody@newpay.test" }),
    )
    expect(unknown.status).toBe(422)
    expect(unknown.data).toContain("We couldn&#39;t find a NewPay account")
    const cancel = await page.post(
      `${base}/sso-widget/newpay/login`,
      form({ redirect_uri: "https://shop.test/back", action: "cancel" }),
    )
    expect(JSON.parse(hidden(cancel.data, "payload"))).toMatchObject({ success: false, status: "cancelled" })
    expect((await page.get(`${base}/sso-widget/newpay/login`)).status).toBe(400)
    expect((await page.get(`${base}/sso-widget/newpay/login?redirect_uri=javascript:alert(1)`)).status).toBe(400)
  })
})

describe("SCA widget", () => {
  it("keeps the code page up after a wrong code and posts the upgraded token after the right one", async () => {
    const { widgetUrl: url, scaToken } = await challenge(250)
    const widget = await page.get(widgetUrl(url))
    expect(widget.data).toContain(`Sandbox code: ${SANDBOX_OTP}`)
    expect(widget.data).toContain("0123")
    const fields = { redirect_uri: hidden(widget.data, "redirect_uri"), scaToken: hidden(widget.data, "scaToken") }
    const wrong = await page.post(action(widget.data), form({ ...fields, code: "000000" }))
    expect(wrong.status).toBe(422)
    expect(wrong.data).toContain("2 attempt(s) left")
    const right = await page.post(action(widget.data), form({ ...fields, code: SANDBOX_OTP }))
    expect(action(right.data)).toBe(RETURN)
    const payload = JSON.parse(hidden(right.data, "payload"))
    expect(payload).toMatchObject({
      success: true,
      status: "authenticated",
      message: "User successfully authenticated",
    })
    expect(payload.scaToken).not.toBe(scaToken)
    // One use: the challenge is done.
    expect((await page.get(widgetUrl(url))).status).toBe(410)
  })

  it("posts a failure after three wrong codes, or when the number is not the shopper's", async () => {
    const first = await challenge(300)
    const widget = await page.get(widgetUrl(first.widgetUrl))
    const fields = { redirect_uri: RETURN, scaToken: first.scaToken, code: "111111" }
    await page.post(action(widget.data), form(fields))
    await page.post(action(widget.data), form(fields))
    const third = await page.post(action(widget.data), form(fields))
    expect(JSON.parse(hidden(third.data, "payload"))).toMatchObject({ success: false, status: "too_many_attempts" })

    const second = await challenge(300)
    const notMine = await page.post(
      `${base}/sca-widget/newpay/identity`,
      form({ redirect_uri: RETURN, scaToken: second.scaToken, action: "not_my_number" }),
    )
    expect(JSON.parse(hidden(notMine.data, "payload"))).toMatchObject({ success: false, status: "not_my_number" })
  })

  it("exempts below the configured threshold (here £100)", async () => {
    expect((await challenge(99.99)).scaStatus).toBe("Exempt")
    expect((await challenge(100)).scaStatus).toBe("Required")
  })
})

describe("gateway rules", () => {
  it("wants a UUID idempotency-key on authorise, JSON bodies, and a supported Api-Version", async () => {
    const alice = await signIn(sandbox, "approve@newpay.test")
    const url = `${base}/merchant/${alice.customerRef}/authorisation`
    const headers = { "customer-access-token": alice.accessToken, "client-session-id": "s" }
    const body = { amount: { value: 10, currencyCode: "GBP" }, orderReference: "o1" }
    const missing = await gateway.post(url, body, { headers })
    expect(missing.status).toBe(400)
    expect(missing.headers["content-type"]).toMatch(/^application\/problem\+json/)
    expect(missing.data.errors).toEqual({ "idempotency-key": ["The idempotency-key header is required."] })
    const notUuid = await gateway.post(url, body, { headers: { ...headers, "idempotency-key": "abc" } })
    expect(notUuid.data.errors["idempotency-key"]).toEqual(["The idempotency-key header must be a UUID."])
    const text = await gateway.post(url, "amount=10", {
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
    })
    expect(text.status).toBe(415)
    // The guideline's 415 sample: an empty problem body (no URN type is documented for it).
    expect({ type: text.headers["content-type"], body: text.data }).toEqual({
      type: expect.stringMatching(/^application\/problem\+json/),
      body: {},
    })
    const version = await gateway.get(`${base}/merchant/spend-options?basketAmount=10`, {
      headers: { "Api-Version": "2" },
    })
    expect(version.status).toBe(400)
    const ok = await gateway.get(`${base}/merchant/spend-options?basketAmount=10`, { headers: { "Api-Version": "1" } })
    expect(ok.headers["api-version"]).toBe("1.0")
  })

  it("does not show the merchant's subscription key on the sandbox status page", async () => {
    const status = await axios.get(`${sandbox.url}/__sandbox`, { proxy: false })
    const newday = status.data.lenders.find((l: { slug: string }) => l.slug === "newday")
    expect(newday.describe.customers).toHaveLength(5)
    expect(JSON.stringify(status.data)).not.toContain(NEWDAY_SANDBOX_CREDENTIALS.subscriptionKey)
  })
})
