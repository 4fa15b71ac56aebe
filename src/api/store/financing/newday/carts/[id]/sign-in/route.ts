// POST /store/financing/newday/carts/:id/sign-in → { sign_in_url }
// Starts NewDay sign-in for this cart: the storefront opens sign_in_url (NewDay's SSO widget,
// full page or iframe); the widget posts the shopper's customerRef and access token back to
// /financing/newday/sign-in/return, which keeps them server-side and redirects to the store.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withQuery } from "../../../../../../../provider-kit"
import { financingLog, NEWDAY_SECRET, newNonce } from "../../../../../../../providers/newday/secrets"
import { newDayForRoute, requireGbp, loadNewDayCart, storeCustomerId } from "../../../support"
import { shopperRoute } from "../../../../shopper-route"

const SIGN_IN_WINDOW_MS = 30 * 60 * 1000

async function handlePost(req: MedusaRequest, res: MedusaResponse) {
  const { options } = await newDayForRoute(req.scope)
  const cart = await loadNewDayCart(req.scope, req.params.id, storeCustomerId(req))
  requireGbp(cart.currency_code, `cart ${cart.id}`)
  const state = newNonce()
  await financingLog().putSecret({
    lender: "newday",
    purpose: NEWDAY_SECRET.signInState,
    cart_id: cart.id,
    value: { state },
    expires_at: new Date(Date.now() + SIGN_IN_WINDOW_MS),
  })
  const redirectUri = withQuery(`${options.backendUrl}/financing/newday/sign-in/return`, { cart_id: cart.id, state })
  res.json({ sign_in_url: withQuery(options.ssoWidgetUrl, { redirect_uri: redirectUri }) })
}

export const POST = shopperRoute(handlePost)
