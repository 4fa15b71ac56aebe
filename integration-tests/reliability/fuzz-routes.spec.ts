// Property-based fuzzing (fast-check) of every plugin route reachable from outside — store
// routes, return routes, webhooks — through one real Medusa: hostile bodies and queries never
// get a 5xx, never change state (lender ledgers, orders, payments, sessions, secrets, financing
// log), get errors that name the offending field, and — on routes that take personal data —
// errors that never echo a submitted value. Then: store routes that take a cart refuse a
// registered customer's cart to anyone but that customer.
import fs from "node:fs"
import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import axios from "axios"
import fc from "fast-check"
import { seedStore, type SeededStore } from "../../demo/seed-store"
import { recordFigure } from "../utils/figures"
import { useSandboxAndBackend } from "../utils/sandbox"
import { SHOPPER_ADDRESSES, adminHeaders, cartReadyForPayment, type ApiClient } from "../utils/store-api"
import { oneFieldBroken, pollutionText, weirdObject, weirdQuery, weirdValue } from "./fuzz/arbitraries"
import { FAKE_CART, FUZZ_ROUTES, type FuzzRoute } from "./fuzz/routes"
import { changes, snapshotState } from "./fuzz/state"
import { webhooksSettled } from "../utils/webhook-deliveries"

jest.setTimeout(900_000)

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS_PER_ROUTE || 40)
// Payment Assist with manual capture (its default is auto-capture), as these routes were fuzzed before.
const env = useSandboxAndBackend({
  PAYMENT_ASSIST_AUTO_CAPTURE: "false",
  PAYMENT_ASSIST_SANDBOX_WEBHOOK_BACKOFF_MS: "20",
  VAULT_SANDBOX_NOTIFY_BACKOFF_MS: "20",
})
const http = axios.create({ proxy: false, validateStatus: () => true, maxRedirects: 0, timeout: 60_000 })

interface FuzzCase {
  /** Raw body text (JSON or not) or query string. */
  payload: string
  /** The one field this case broke, when it broke exactly one. */
  field?: string
  values: Record<string, unknown>
}

function caseArbitrary(route: FuzzRoute): fc.Arbitrary<FuzzCase> {
  const asCase = (values: Record<string, unknown>, field?: string): FuzzCase => ({
    payload:
      route.input === "body"
        ? JSON.stringify(values)
        : new URLSearchParams(
            Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
          ).toString(),
    field,
    values,
  })
  const cases: Array<fc.Arbitrary<FuzzCase>> = [
    Object.keys(route.valid).length
      ? oneFieldBroken(route.valid, route.required).map((m) => asCase(m.value, m.field))
      : weirdObject.map((o) => asCase(o)),
    weirdObject.map((o) => asCase({ ...route.valid, ...o })),
    weirdObject.map((o) => asCase(o)),
  ]
  if (route.input === "body") {
    cases.push(pollutionText.map((payload) => ({ payload, values: {} })))
    cases.push(weirdValue.map((v) => ({ payload: JSON.stringify(v) ?? "null", values: {} })))
    cases.push(fc.constantFrom("{", "not json", "[1,2", '{"cart_id":').map((payload) => ({ payload, values: {} })))
  } else {
    cases.push(weirdQuery.map((payload) => ({ payload, values: {} })))
  }
  return fc.oneof(...cases)
}

/** Every personal value a case carries under a PII field (long enough to be recognisable). */
function piiValues(route: FuzzRoute, values: Record<string, unknown>): string[] {
  const out: string[] = []
  const collect = (v: unknown) => {
    if (typeof v === "string" && v.length >= 4) out.push(v)
    else if (typeof v === "number" && String(v).length >= 4) out.push(String(v))
    else if (v && typeof v === "object") Object.values(v).forEach(collect)
  }
  for (const field of route.pii ?? []) collect(values[field])
  return out
}

/** Route files under the given api directories, as "METHOD /path" names. */
function routeNamesOnDisk(): string[] {
  const apiDir = path.resolve(__dirname, "../../src/api")
  const names: string[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.name === "route.ts") {
        const urlPath =
          "/" +
          path
            .relative(apiDir, dir)
            .split(path.sep)
            .join("/")
            .replace(/\[(\w+)\]/g, ":$1")
        const source = fs.readFileSync(full, "utf8")
        for (const match of source.matchAll(/^export (?:async function|const) (GET|POST|PUT|DELETE|PATCH)\b/gm))
          names.push(`${match[1]} ${urlPath}`)
      }
    }
  }
  for (const sub of ["store/financing", "financing", "hooks"]) walk(path.join(apiDir, sub))
  return names.sort()
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: SeededStore
    const base = () => env.backendUrl()
    const storeKey = () => ({ "x-publishable-api-key": store.publishableKey })

    beforeEach(async () => {
      env.sandbox().reset()
      store = await seedStore(getContainer())
    })
    afterEach(() => webhooksSettled(env.sandbox(), getContainer()))

    function send(
      route: FuzzRoute,
      payload: string,
      { cartId = "cart_01FUZZFUZZFUZZFUZZFUZZFUZZ", headers = {} as Record<string, string> } = {},
    ) {
      const url = `${base()}${route.path.replace(":id", encodeURIComponent(cartId))}`
      const common = { ...(route.kind === "store" ? storeKey() : {}), ...headers }
      if (route.input === "query")
        return http.request({ method: route.method, url: `${url}?${payload}`, headers: common })
      const contentType = route.kind === "return" ? "application/x-www-form-urlencoded" : "application/json"
      const body = route.kind === "return" ? new URLSearchParams({ payload }).toString() : payload
      return http.request({
        method: route.method,
        url,
        data: body,
        headers: { ...common, "content-type": contentType },
        transformRequest: [(d) => d],
      })
    }

    it("has a fuzz entry for every store, return and webhook route of the plugin", () => {
      expect(FUZZ_ROUTES.map((r) => r.name).sort()).toEqual(routeNamesOnDisk())
    })

    it("answers hostile input to every route without a 5xx, without a state change, naming the field and never echoing personal data", async () => {
      const sandbox = env.sandbox()
      for (const route of FUZZ_ROUTES) {
        const before = await snapshotState(getContainer(), sandbox)
        let cases = 0
        let serverErrors = 0
        await fc.assert(
          fc.asyncProperty(
            caseArbitrary(route),
            fc.constantFrom(FAKE_CART, "x", "cart_<script>", "%00"),
            async (fuzz, cartId) => {
              cases++
              const res = await send(route, fuzz.payload, { cartId })
              if (res.status >= 500) {
                serverErrors++
                throw new Error(
                  `${route.name} answered ${res.status} ${JSON.stringify(res.data).slice(0, 500)} to ${fuzz.payload.slice(0, 300)} (cart ${cartId})`,
                )
              }
              const message = typeof res.data?.message === "string" ? res.data.message : ""
              // 413/414/431: Node's own limits on body, URL and header size, answered before Medusa.
              if (res.status >= 400 && ![413, 414, 431].includes(res.status)) {
                expect({ route: route.name, status: res.status, message }).toEqual({
                  route: route.name,
                  status: res.status,
                  message: expect.stringMatching(/\S/),
                })
                if (res.status === 400 && fuzz.field && route.required.includes(fuzz.field))
                  expect({ route: route.name, message }).toEqual({
                    route: route.name,
                    message: expect.stringContaining(fuzz.field),
                  })
                for (const value of piiValues(route, fuzz.values)) expect(message).not.toContain(value)
              }
            },
          ),
          { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
        )
        await webhooksSettled(sandbox, getContainer())
        const after = await snapshotState(getContainer(), sandbox)
        expect({ route: route.name, changed: changes(before, after) }).toEqual({ route: route.name, changed: [] })
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
        recordFigure(__filename, {
          table: "fuzz",
          route: route.name,
          cases,
          "5xx": serverErrors,
          "state changes": changes(before, after).length,
        })
      }
    })

    // PostgreSQL refuses NUL in text: a NUL in any field used to be a 500 from the first query that met it.
    it("answers 400 naming the field and the lender to a NUL character or an over-long id on every plugin route", async () => {
      const lenderOf = (p: string) =>
        ({
          "payment-assist": "Payment Assist",
          flexshopper: "FlexShopper",
          newday: "NewDay NewPay",
          vault: "Vault",
          // Every lender at once: its messages say "Financing offers".
          offers: "Financing offers",
        })[/\/financing\/([\w-]+)/.exec(p)![1]]!
      const before = await snapshotState(getContainer(), env.sandbox())
      let cases = 0
      const expect400 = (route: FuzzRoute, what: string, res: { status: number; data: any }, field: string) => {
        cases++
        const message = String(res.data?.message ?? "")
        expect({
          route: route.name,
          what,
          status: res.status,
          lender: message.includes(lenderOf(route.path)),
          field: message.includes(field),
          short: message.length < 200,
        }).toEqual({ route: route.name, what, status: 400, lender: true, field: true, short: true })
      }
      for (const route of FUZZ_ROUTES) {
        // A NUL in the query reaches every route, whatever it takes (body routes get a valid body).
        const validBody =
          route.input === "body"
            ? route.kind === "return"
              ? new URLSearchParams({ payload: JSON.stringify(route.valid) }).toString()
              : JSON.stringify(route.valid)
            : undefined
        const contentType = route.kind === "return" ? "application/x-www-form-urlencoded" : "application/json"
        expect400(
          route,
          "NUL in the query",
          await http.request({
            method: route.method,
            url: `${base()}${route.path.replace(":id", FAKE_CART)}?note=a%00b`,
            data: validBody,
            headers: {
              ...(route.kind === "store" ? storeKey() : {}),
              ...(validBody ? { "content-type": contentType } : {}),
            },
          }),
          "note",
        )
        if (route.cart === "field") {
          const withCart = (cartId: string) =>
            route.input === "body"
              ? JSON.stringify({ ...route.valid, cart_id: cartId })
              : new URLSearchParams({ ...(route.valid as Record<string, string>), cart_id: cartId }).toString()
          expect400(route, "NUL in cart_id", await send(route, withCart(`${FAKE_CART}\u0000`)), "cart_id")
          expect400(route, "over-long cart_id", await send(route, withCart(`cart_${"A".repeat(5000)}`)), "cart_id")
        }
        if (route.cart === "path") {
          const payload =
            route.input === "body"
              ? JSON.stringify(route.valid)
              : new URLSearchParams(route.valid as Record<string, string>).toString()
          expect400(route, "NUL in the path id", await send(route, payload, { cartId: `${FAKE_CART}\u0000` }), "id")
          expect400(
            route,
            "over-long path id",
            await send(route, payload, { cartId: `cart_${"A".repeat(2000)}` }),
            "id",
          )
        }
      }
      expect(changes(before, await snapshotState(getContainer(), env.sandbox()))).toEqual([])
      recordFigure(__filename, {
        table: "fuzz",
        route: "every plugin route: NUL characters and over-long ids",
        cases,
        "5xx": 0,
        "state changes": 0,
      })
    })

    // Medusa's stock routes reach the plugin's providers with whatever `data` a guest sends
    // (issue #15): fuzzed data, forged provider keys mixed in, then the cart's complete.
    it("answers fuzzed data on the stock payment-session and complete routes, for each provider, without a 5xx, an order or a lender movement", async () => {
      const providers = [
        ["pp_newday_newday", "uk"],
        ["pp_payment-assist_payment-assist", "uk"],
        ["pp_vault_vault", "uk"],
        ["pp_flexshopper_flexshopper", "us"],
      ] as const
      const forged = fc.record(
        {
          authorisation_id: fc.uuid(),
          status: fc.constantFrom("authorized", "captured", "finalized"),
          applicant: fc.constant({ f_name: "Fuzz", s_name: "Declined", addr1: "1 Road", postcode: "SW1A 1AA" }),
          token: fc.string(),
          pa_ref: fc.string(),
          transaction_id: fc.string(),
          lease_number: fc.string(),
          type: fc.constantFrom("CHECKOUT", "EXTERNAL", "PLATFORM", "card"),
          platform_grant: fc.string(),
          discount_code: fc.constantFrom("VAULT10", "NOPE"),
          route_ticket: fc.string(),
        },
        { requiredKeys: [] },
      )
      const dataArbitrary = fc.oneof(
        weirdObject,
        forged,
        fc.tuple(weirdObject, forged).map(([a, b]) => ({ ...a, ...b })),
      )
      const moneyMoved = () =>
        (["newday", "payment-assist", "vault", "flexshopper"] as const)
          .flatMap((slug) => env.sandbox().ledger(slug).list())
          .filter((e) => /authoris|settle|capture|paid|debit|settled|pending_capture/.test(e.type)).length
      const movedBefore = moneyMoved()
      for (const [providerId, region] of providers) {
        const cart = await cartReadyForPayment(api as ApiClient, store, region)
        const { data: created } = await http.post(
          `${base()}/store/payment-collections`,
          { cart_id: cart.id },
          { headers: storeKey() },
        )
        const collectionId = created.payment_collection.id as string
        let cases = 0
        let serverErrors = 0
        await fc.assert(
          fc.asyncProperty(dataArbitrary, async (data) => {
            const body = JSON.stringify({ provider_id: providerId, data })
            const session = await http.post(
              `${base()}/store/payment-collections/${collectionId}/payment-sessions`,
              body,
              { headers: { ...storeKey(), "content-type": "application/json" }, transformRequest: [(d) => d] },
            )
            const complete = await http.post(`${base()}/store/carts/${cart.id}/complete`, {}, { headers: storeKey() })
            cases += 2
            for (const [what, res] of [
              ["payment-session", session],
              ["complete", complete],
            ] as const) {
              if (res.status >= 500) {
                serverErrors++
                throw new Error(
                  `${providerId} ${what} answered ${res.status} ${JSON.stringify(res.data).slice(0, 300)} to ${body.slice(0, 300)}`,
                )
              }
            }
            expect({ providerId, type: complete.data?.type }).not.toEqual({ providerId, type: "order" })
          }),
          { numRuns: Math.max(10, Math.floor(RUNS_PER_ROUTE / 2)), endOnFailure: true },
        )
        const { data: orders } = await getContainer()
          .resolve("query")
          .graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cart.id } })
        expect({ providerId, orders: orders.length }).toEqual({ providerId, orders: 0 })
        recordFigure(__filename, {
          table: "fuzz",
          route: `stock POST /store/payment-collections/:id/payment-sessions + /store/carts/:id/complete (${providerId})`,
          cases,
          "5xx": serverErrors,
          "state changes": orders.length,
        })
      }
      await webhooksSettled(env.sandbox(), getContainer())
      expect(moneyMoved()).toBe(movedBefore)
    })

    // Admin routes that keep Medusa's own query validation: it used to answer 500 to a key with two dots.
    it("answers 400 naming the key to a dotted or bracketed query key on the admin routes that take a query", async () => {
      const admin = await adminHeaders(api, getContainer())
      const routes = ["/admin/financing/orders/order_01FUZZ", "/admin/financing/orders/order_01FUZZ/operations"]
      const keys = ["a.b.c", ".]]k.a", "fields.x.y[z]"]
      const before = await snapshotState(getContainer(), env.sandbox())
      for (const route of routes) {
        for (const key of keys) {
          const res = await http.get(`${base()}${route}?${encodeURIComponent(key)}=1`, admin)
          expect({ route, key, status: res.status, message: res.data?.message }).toEqual({
            route,
            key,
            status: 400,
            message: expect.stringContaining(key.split("[")[0]),
          })
        }
      }
      expect(changes(before, await snapshotState(getContainer(), env.sandbox()))).toEqual([])
      recordFigure(__filename, {
        table: "fuzz",
        route: "admin routes with a query: dotted keys",
        cases: routes.length * keys.length,
        "5xx": 0,
        "state changes": 0,
      })
    })

    describe("a registered customer's cart", () => {
      async function customer(email: string) {
        const password = "fuzz-password-1"
        const registered = await http.post(`${base()}/auth/customer/emailpass/register`, { email, password })
        expect(registered.status).toBe(200)
        const created = await http.post(
          `${base()}/store/customers`,
          { email, first_name: "Cart", last_name: "Owner" },
          { headers: { ...storeKey(), authorization: `Bearer ${registered.data.token}` } },
        )
        expect(created.status).toBe(200)
        const login = await http.post(`${base()}/auth/customer/emailpass`, { email, password })
        return { id: created.data.customer.id as string, auth: { authorization: `Bearer ${login.data.token}` } }
      }

      async function ownedCart(owner: { id: string; auth: Record<string, string> }, region: "uk" | "us") {
        const headers = { ...storeKey(), ...owner.auth }
        const variant = store.products.flatMap((p) => p.variants).find((v) => v.sku === "TABLE-OAK-NAT")!
        const { data } = await http.post(
          `${base()}/store/carts`,
          { region_id: store.regions[region].id, sales_channel_id: store.salesChannelId },
          { headers },
        )
        const id = data.cart.id as string
        await http.post(`${base()}/store/carts/${id}/line-items`, { variant_id: variant.id, quantity: 1 }, { headers })
        await http.post(
          `${base()}/store/carts/${id}`,
          { shipping_address: SHOPPER_ADDRESSES[region], billing_address: SHOPPER_ADDRESSES[region] },
          { headers },
        )
        await http.post(
          `${base()}/store/carts/${id}/shipping-methods`,
          { option_id: store.shippingOptions[region] },
          { headers },
        )
        const { data: check } = await http.get(`${base()}/store/carts/${id}`, { headers })
        expect(check.cart.customer_id).toBe(owner.id)
        return id
      }

      const cartRoutes = FUZZ_ROUTES.filter((r) => r.cart)
      const notFound = /was not found/

      it("is refused to a guest and to another customer on every route that takes a cart, with no state change", async () => {
        const [owner, other] = [await customer("owner@fuzz.test"), await customer("other@fuzz.test")]
        const carts = { uk: await ownedCart(owner, "uk"), us: await ownedCart(owner, "us") }
        const before = await snapshotState(getContainer(), env.sandbox())
        for (const route of cartRoutes) {
          const cartId = route.path.includes("flexshopper") ? carts.us : carts.uk
          const payload = route.cart === "field" ? { ...route.valid, cart_id: cartId } : route.valid
          const text =
            route.input === "body"
              ? JSON.stringify(payload)
              : new URLSearchParams(payload as Record<string, string>).toString()
          for (const [who, headers] of [
            ["guest", {}],
            ["another customer", other.auth],
          ] as const) {
            const res = await send(route, text, { cartId, headers })
            expect({ route: route.name, who, status: res.status, message: res.data?.message }).toEqual({
              route: route.name,
              who,
              status: 404,
              message: expect.stringMatching(notFound),
            })
          }
        }
        expect(changes(before, await snapshotState(getContainer(), env.sandbox()))).toEqual([])
        recordFigure(__filename, {
          table: "fuzz",
          route: "ownership: registered customer's cart as guest / as another customer",
          cases: cartRoutes.length * 2,
          "5xx": 0,
          "state changes": 0,
        })

        // The owner, with their token, gets past the ownership check on every one of them.
        for (const route of cartRoutes) {
          const cartId = route.path.includes("flexshopper") ? carts.us : carts.uk
          const payload = route.cart === "field" ? { ...route.valid, cart_id: cartId } : route.valid
          const text =
            route.input === "body"
              ? JSON.stringify(payload)
              : new URLSearchParams(payload as Record<string, string>).toString()
          const res = await send(route, text, { cartId, headers: owner.auth })
          expect({ route: route.name, status: res.status, message: res.data?.message }).not.toEqual({
            route: route.name,
            status: 404,
            message: expect.stringMatching(notFound),
          })
          expect(res.status).toBeLessThan(500)
        }
      })
    })
  },
})
