// Every plugin store route answers shoppers in plain words. A lender failure reaches the route as a
// MedusaError carrying transport detail ("FlexShopper auth-code failed: Sandbox fault: injected HTTP
// 503 [ServiceUnavailable] (HTTP 503)"); that detail is already in the financing log and the server
// log (trackLenderOperation, the lender HTTP log), so here it becomes the plain sentence from
// provider-kit/shopper-message.ts. A lender that is down or unreachable is a 503 — the store is
// fine, the lender is not — and the plugin's own messages (bad input, wrong step) pass unchanged.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { shopperFacing, toShopperError } from "../../../provider-kit/shopper-message"
import { lenderNameForPath } from "../../../provider-kit/validate-request"

export function shopperRoute<Req extends MedusaRequest<any, any>>(
  handler: (req: Req, res: MedusaResponse) => Promise<unknown>,
) {
  return async (req: Req, res: MedusaResponse) => {
    try {
      return await handler(req, res)
    } catch (error) {
      const lenderName = lenderNameForPath((req.originalUrl ?? "").split("?")[0])
      const facing = shopperFacing(lenderName, error)
      // The shopper gets plain words; the lender's detail (already redacted by the lender client)
      // goes to the server log, where Medusa's error handler used to put it.
      if (facing.problem) logDetail(req, error)
      if (facing.problem === "unavailable" && !res.headersSent) {
        res.status(503).json({ type: "lender_unavailable", message: facing.message })
        return
      }
      throw toShopperError(lenderName, error)
    }
  }
}

function logDetail(req: MedusaRequest, error: unknown): void {
  // Errors out of a workflow run arrive as plain objects, not Error instances.
  const given = (error as { message?: unknown } | null)?.message
  const message = typeof given === "string" ? given : String(error)
  try {
    req.scope
      .resolve<{ warn(message: string): void }>("logger")
      .warn(`${req.method} ${(req.originalUrl ?? "").split("?")[0]}: ${message}`)
  } catch {
    // No logger in scope (unit tests): the financing log still has the detail.
  }
}
