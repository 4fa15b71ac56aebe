// The PP3 modal stand-in: the SDK script, CORS for the storefront's fetch, signing in without an
// auth code, the shopper's Cancel, and where the onSign message goes.
import vm from "node:vm"
import axios from "axios"
import { startSandbox, type SandboxHandle } from "../../server"
import { createFlexShopperSimulator } from ".."
import {
  FLEXSHOPPER_SANDBOX_API_KEY,
  FLEXSHOPPER_SANDBOX_AUTH_KEY,
  FLEXSHOPPER_SANDBOX_OTHER_AUTH_KEY,
} from "../credentials"
import { decodeHtml, openCheckout, signInModal } from "./modal-driver"

let sandbox: SandboxHandle
const http = axios.create({ validateStatus: () => true, proxy: false, maxRedirects: 0 })
const pp3 = () => `${sandbox.lenderUrl("flexshopper")}/pp3`
const order = (id: string) => ({
  transactionId: id,
  cost: 613.95,
  items: [
    { description: "Table", sku: "TABLE-OAK-NAT", brand: "n/a", cost: 599, quantity: 1, shipping: { cost: 14.95 } },
  ],
})

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, env: {}, simulators: [createFlexShopperSimulator()] })
})
afterAll(() => sandbox.close())

it("serves the SDK for a known auth key only", async () => {
  const ok = await http.get(`${pp3()}/sdk/js?authKey=${FLEXSHOPPER_SANDBOX_AUTH_KEY}`)
  expect(ok.headers["content-type"]).toMatch(/javascript/)
  expect(ok.data).toContain("window.FlexSDK")
  expect(ok.data).toContain(`${pp3()}/checkouts`)
  const bad = await http.get(`${pp3()}/sdk/js?authKey=nope`)
  expect(bad.status).toBe(401)
  expect(bad.data).toMatch(/^throw new Error/)
})

it("answers the storefront's CORS preflight and refuses an unknown auth key or a cost that is not the items' sum", async () => {
  const preflight = await http.options(`${pp3()}/checkouts`, {
    headers: { origin: "http://localhost:8000", "access-control-request-method": "POST" },
  })
  expect(preflight.status).toBe(204)
  expect(preflight.headers["access-control-allow-origin"]).toBe("http://localhost:8000")
  expect(await openCheckout(pp3(), { authKey: "nope", order: order("t-1") })).toMatchObject({
    status: 401,
    error: { code: "InvalidAuthKey" },
  })
  expect(
    await openCheckout(pp3(), { authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY, order: { ...order("t-2"), cost: 600 } }),
  ).toMatchObject({ status: 400, error: { code: "CostMismatch" } })
})

it("without an auth code the shopper signs in with email and password, then signs; onSign goes to the store's origin only", async () => {
  const opened = await openCheckout(pp3(), {
    authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY,
    order: order("t-login"),
    origin: "https://shop.example",
  })
  const page = await http.get(opened.data!.modalUrl)
  expect(page.data).toContain('data-testid="login-form"')
  const wrong = await http.post(`${opened.data!.modalUrl}/login`, "email=avery.approved%40example.com&password=nope", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
  })
  expect(wrong.status).toBe(401)
  const login = await http.post(
    `${opened.data!.modalUrl}/login`,
    "email=avery.approved%40example.com&password=sandbox-password",
    { headers: { "content-type": "application/x-www-form-urlencoded" } },
  )
  expect(login.status).toBe(303)
  const unticked = await signInModal(opened.data!.modalUrl, { tick: false })
  expect(unticked.status).toBe(400)
  const signed = await signInModal(opened.data!.modalUrl)
  expect(signed.payload).toMatchObject({ transactionId: "t-login" })
  expect(signed.html).toContain('window.opener.postMessage(m,"https://shop.example")')
})

it("an auth code minted by another merchant does not open this merchant's modal", async () => {
  const opened = await openCheckout(pp3(), {
    authKey: FLEXSHOPPER_SANDBOX_OTHER_AUTH_KEY,
    authCode: "made-up",
    order: order("t-3"),
  })
  expect(opened).toMatchObject({ status: 401, error: { code: "InvalidAuthCode" } })
})

it("Cancel in the modal reports onCancel and leaves no signed lease", async () => {
  const opened = await openCheckout(pp3(), {
    authKey: FLEXSHOPPER_SANDBOX_AUTH_KEY,
    order: order("t-cancel"),
    origin: "https://shop.example",
  })
  const res = await http.post(`${opened.data!.modalUrl}/cancel`, "", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
  })
  const result = /data-event="([^"]+)" data-payload="([^"]*)"/.exec(res.data)!
  expect(result[1]).toBe("cancel")
  expect(JSON.parse(decodeHtml(result[2]))).toEqual({ transactionId: "t-cancel" })
  expect((await http.get(opened.data!.modalUrl)).data).toContain('data-testid="modal-closed"')
  expect(sandbox.ledger("flexshopper").list({ type: "lease.signed", ref: "t-cancel" })).toHaveLength(0)
})

it("the SDK script runs the documented flow: createOrder → modal → the shopper signs → onSign in the page that opened it", async () => {
  const api = axios.create({
    baseURL: sandbox.lenderUrl("flexshopper"),
    headers: { authorization: FLEXSHOPPER_SANDBOX_API_KEY },
    proxy: false,
  })
  const { data: found } = await api.post("/v3/users/search", { mobilePhone: "2125550101", ssn: "666010001" })
  const { data: code } = await api.post(`/v3/users/${found.data.users[0].userId}/auth-code`)
  const script = (await http.get(`${pp3()}/sdk/js?authKey=${FLEXSHOPPER_SANDBOX_AUTH_KEY}`)).data as string

  // A minimal browser: the store's window (origin http://shop.test) and the popup the SDK opens.
  const listeners: Array<(e: { origin: string; data: unknown }) => void> = []
  const popup = {
    closed: false,
    location: { href: "" },
    close() {
      popup.closed = true
    },
  }
  const storeWindow: Record<string, any> = {
    location: { origin: "http://shop.test", assign: () => undefined },
    open: () => popup,
    addEventListener: (type: string, fn: (e: { origin: string; data: unknown }) => void) =>
      type === "message" && listeners.push(fn),
  }
  vm.runInNewContext(script, { window: storeWindow, document: {}, fetch, Promise, console })

  const events: unknown[] = []
  storeWindow.FlexSDK.Button({
    authCode: code.code,
    createOrder: (_data: unknown, actions: any) => actions.transaction.create(order("t-sdk")),
    onSign: (data: unknown) => events.push(["sign", data]),
    onError: (error: unknown) => events.push(["error", error]),
  }).open()
  for (let i = 0; i < 50 && !popup.location.href; i++) await new Promise((r) => setTimeout(r, 20))
  expect(popup.location.href).toMatch(new RegExp(`^${pp3()}/checkouts/pp3_`))

  const signed = await signInModal(popup.location.href)
  // A message from any other origin is ignored…
  listeners.forEach((fn) =>
    fn({
      origin: "https://evil.example",
      data: { source: "flexshopper-pp3", event: "sign", data: { transactionId: "forged" } },
    }),
  )
  expect(events).toEqual([])
  // …the modal's own script posts to the opener, restricted to the store's origin.
  const inline = /<script>([\s\S]*?)<\/script>/.exec(signed.html)![1]
  const opener = {
    postMessage: (data: unknown, targetOrigin: string) =>
      listeners.forEach((fn) => targetOrigin === "http://shop.test" && fn({ origin: new URL(pp3()).origin, data })),
  }
  vm.runInNewContext(inline, { window: { opener, close: () => undefined }, setTimeout: () => undefined })
  expect(events).toEqual([["sign", { transactionId: "t-sdk", leaseNumber: signed.payload!.leaseNumber }]])
})
