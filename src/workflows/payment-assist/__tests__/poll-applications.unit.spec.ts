import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { pollPaymentAssistApplications } from "../poll-applications"

// A store without Payment Assist: the reconcile job's poll must not read payment sessions at all.
function storeWithout(providers: unknown[]) {
  const listed: unknown[] = []
  const container = {
    resolve: (key: string) => {
      if (key === ContainerRegistrationKeys.CONFIG_MODULE) {
        return { modules: { [Modules.PAYMENT]: { options: { providers } } } }
      }
      if (key === Modules.PAYMENT) {
        return {
          listPaymentSessions: async (filter: unknown) => {
            listed.push(filter)
            return []
          },
        }
      }
      if (key === ContainerRegistrationKeys.LOGGER) return { warn: () => undefined }
      throw new Error(`unexpected resolve(${key})`)
    },
  }
  return { container, listed }
}

describe("pollPaymentAssistApplications", () => {
  it("does nothing in a store that does not use Payment Assist", async () => {
    const s = storeWithout([{ id: "newday", resolve: "medusa-plugin-financing/providers/newday", options: {} }])
    await pollPaymentAssistApplications(s.container as never)
    expect(s.listed).toEqual([])
  })
})
