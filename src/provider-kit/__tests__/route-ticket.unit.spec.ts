// A route ticket lets a provider tell data its store route wrote from data a browser sent through
// Medusa's stock payment-session route: only the cart's current ticket opens, once.
import type { FinancingLog } from "../../modules/financing/registry"
import { issueRouteTicket, openRouteTicket } from "../route-ticket"
import { ownSessionData } from "../session-data"

function memorySecrets() {
  const secrets = new Map<string, unknown>()
  const key = (s: { lender: string; purpose?: string; cart_id?: string | null }) =>
    `${s.lender}/${s.purpose}/${s.cart_id}`
  return {
    secrets,
    putSecret: async (input: { lender: string; purpose: string; cart_id?: string; value: unknown }) => {
      secrets.set(key(input), JSON.parse(JSON.stringify(input.value)))
      return {}
    },
    getSecret: async (scope: { lender: string; purpose: string; cart_id?: string }) => secrets.get(key(scope)) ?? null,
    deleteSecrets: async (filter: { lender: string; purpose?: string; cart_id?: string }) =>
      Number(secrets.delete(key(filter))),
  } as unknown as FinancingLog & { secrets: Map<string, unknown> }
}

describe("route tickets", () => {
  it("open once, for the cart and lender they were issued for, and return what the route stored", async () => {
    const log = memorySecrets()
    const ticket = await issueRouteTicket("payment-assist", "cart_1", { applicant: { s_name: "Doe" } }, log)
    expect(ticket).toMatch(/^[\w-]{32}$/)
    expect(await openRouteTicket("newday", { cart_id: "cart_1", route_ticket: ticket }, log)).toBeUndefined()
    expect(await openRouteTicket("payment-assist", { cart_id: "cart_2", route_ticket: ticket }, log)).toBeUndefined()
    expect(await openRouteTicket("payment-assist", { cart_id: "cart_1", route_ticket: "forged" }, log)).toBeUndefined()
    expect(await openRouteTicket("payment-assist", { cart_id: "cart_1" }, log)).toBeUndefined()
    expect(await openRouteTicket("payment-assist", { cart_id: "cart_1", route_ticket: ticket }, log)).toEqual({
      cart_id: "cart_1",
      applicant: { s_name: "Doe" },
    })
    expect(await openRouteTicket("payment-assist", { cart_id: "cart_1", route_ticket: ticket }, log)).toBeUndefined()
  })

  it("open nothing without a financing log", async () => {
    expect(await issueRouteTicket("vault", "cart_1", {}, undefined)).toBeUndefined()
    expect(await openRouteTicket("vault", { cart_id: "cart_1", route_ticket: "x" }, undefined)).toBeUndefined()
  })
})

describe("ownSessionData", () => {
  it("returns every sent key the provider did not write as null, and undefined written values as null", () => {
    const sent = { authorisation_id: "forged", status: "authorized", cart_id: "cart_1" }
    const own = ownSessionData(sent, { status: "pending", cart_id: undefined, amount: "1.00" })
    // What Medusa stores: the sent data with the provider's answer on top.
    expect({ ...sent, ...own }).toEqual({ authorisation_id: null, status: "pending", cart_id: null, amount: "1.00" })
  })
})
