// The plugin's copy of the sandbox's built-in credentials (src/lenders/sandbox-credentials.ts) is
// what a store pointed at the sandbox sends; the sandbox accepts its own. Both must stay equal.
import * as flexshopper from "../../../packages/sandbox/src/flexshopper/credentials"
import * as newday from "../../../packages/sandbox/src/newday/credentials"
import * as paymentAssist from "../../../packages/sandbox/src/payment-assist/credentials"
import * as vault from "../../../packages/sandbox/src/vault/credentials"
import * as plugin from "../sandbox-credentials"

it("holds the same values as the sandbox package", () => {
  const sandbox: Record<string, unknown> = { ...flexshopper, ...newday, ...paymentAssist, ...vault }
  for (const [name, value] of Object.entries(plugin)) expect({ name, value }).toEqual({ name, value: sandbox[name] })
})
