// GET /store/financing/newday/spend-options?amount=450.00 — product-page messaging for a shopper
// NewDay does not know yet (SpendOptionsForProduct): the options, their illustrations and the
// cheapest monthly payment ("from £X a month"). Nothing here can be authorised.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { parseMajorUnitString } from "../../../../../lenders/money"
import { toMedusaError } from "../../../../../provider-kit/medusa-error"
import { toStoreSpendOptions } from "../../../../../providers/newday/store-view"
import { newDayForRoute } from "../support"
import type { NewDayProductSpendOptionsQueryType } from "../validators"
import { shopperRoute } from "../../shopper-route"
import { newDayLender } from "../../../../../providers/lenders"

async function handleGet(req: MedusaRequest<unknown, NewDayProductSpendOptionsQueryType>, res: MedusaResponse) {
  const { client } = await newDayForRoute(req.scope)
  const { amount } = req.validatedQuery as NewDayProductSpendOptionsQueryType
  const basketAmountMinor = parseMajorUnitString(amount, "gbp")
  try {
    const response = await client.spendOptionsForProduct({ basketAmountMinor })
    res.json({ amount, currency_code: "gbp", ...toStoreSpendOptions(response) })
  } catch (error) {
    throw toMedusaError(error, { lenderName: newDayLender.name, operation: "spend-options-for-product" })
  }
}

export const GET = shopperRoute(handleGet)
