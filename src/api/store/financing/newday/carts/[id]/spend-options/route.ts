// GET /store/financing/newday/carts/:id/spend-options[?promo_only&zero_percent_only&spend_type&order_by]
// The signed-in shopper's own spend options for this cart's total (SpendOptionsForCustomerRef),
// each with the spend_option_id to pass to POST .../payment-session.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { toMedusaError } from "../../../../../../../provider-kit/medusa-error"
import { fromMinorUnits } from "../../../../../../../lenders/money"
import { getCustomerSecret } from "../../../../../../../providers/newday/secrets"
import { toStoreSpendOptions } from "../../../../../../../providers/newday/store-view"
import { amountMinor, newDayForRoute, requireGbp, loadNewDayCart, storeCustomerId } from "../../../support"
import type { NewDayCustomerSpendOptionsQueryType } from "../../../validators"
import { shopperRoute } from "../../../../shopper-route"
import { newDayLender } from "../../../../../../../providers/lenders"

async function handleGet(req: MedusaRequest<unknown, NewDayCustomerSpendOptionsQueryType>, res: MedusaResponse) {
  const { client } = await newDayForRoute(req.scope)
  const cart = await loadNewDayCart(req.scope, req.params.id, storeCustomerId(req))
  requireGbp(cart.currency_code, `cart ${cart.id}`)
  const customer = await getCustomerSecret({ cart_id: cart.id })
  if (!customer?.customerRef) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `NewDay NewPay: sign in with NewDay for cart ${cart.id} first (POST /store/financing/newday/carts/${cart.id}/sign-in).`,
    )
  }
  const query = req.validatedQuery as NewDayCustomerSpendOptionsQueryType
  const basketAmountMinor = amountMinor(cart.total)
  try {
    const response = await client.spendOptionsForCustomer(
      customer.customerRef,
      {
        basketAmountMinor,
        promoOnly: query.promo_only,
        zeroPercentOnly: query.zero_percent_only,
        spendType: query.spend_type,
        orderBy: query.order_by,
      },
      { clientSessionId: customer.clientSessionId },
    )
    res.json({
      cart_id: cart.id,
      amount: fromMinorUnits(basketAmountMinor, "gbp"),
      currency_code: "gbp",
      ...toStoreSpendOptions(response),
    })
  } catch (error) {
    throw toMedusaError(error, { lenderName: newDayLender.name, operation: "spend-options-for-customer" })
  }
}

export const GET = shopperRoute(handleGet)
