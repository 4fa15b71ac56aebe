// POST /store/financing/newday/carts/:id/payment-session { spend_option_id? }
// Creates the cart's NewDay payment session for the chosen spend option, or — without one — for
// the shopper's revolving credit (NewDay authorises without a spendOptionId on revolving credit,
// seed 003 / spec §5.4). A chosen option is checked against the shopper's own options for the
// cart's current total (revolving credit is NewDay's to decide at authorise), and the shopper's NewDay
// credentials are bound to the new session server-side (the provider authorises only sessions
// created here). Call again after the cart changes: Medusa replaces sessions on total changes.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { toMedusaError } from "../../../../../../../provider-kit/medusa-error"
import { fromMinorUnits } from "../../../../../../../lenders/money"
import { createCartPaymentSession } from "../../../../../../../provider-kit"
import { NEWDAY_PROVIDER_ID } from "../../../../../../../providers/newday/context"
import {
  type CustomerSecret,
  getCustomerSecret,
  putCustomerSecret,
} from "../../../../../../../providers/newday/secrets"
import {
  REVOLVING_CREDIT,
  spendOptionSummary,
  toStoreSpendOptions,
} from "../../../../../../../providers/newday/store-view"
import {
  amountMinor,
  newDayForRoute,
  type NewDayRouteContext,
  requireGbp,
  loadNewDayCart,
  storeCustomerId,
} from "../../../support"
import type { NewDayPaymentSessionBodyType } from "../../../validators"
import { shopperRoute } from "../../../../shopper-route"
import { newDayLender } from "../../../../../../../providers/lenders"

async function handlePost(req: MedusaRequest<NewDayPaymentSessionBodyType>, res: MedusaResponse) {
  const { client } = await newDayForRoute(req.scope)
  const customerId = storeCustomerId(req)
  const cart = await loadNewDayCart(req.scope, req.params.id, customerId)
  requireGbp(cart.currency_code, `cart ${cart.id}`)
  const customer = await getCustomerSecret({ cart_id: cart.id })
  if (!customer?.customerRef || !customer.accessToken) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `NewDay NewPay: sign in with NewDay for cart ${cart.id} first (POST /store/financing/newday/carts/${cart.id}/sign-in).`,
    )
  }
  const { spend_option_id } = req.validatedBody as NewDayPaymentSessionBodyType
  const data = spend_option_id
    ? await chosenOption(client, customer, spend_option_id, amountMinor(cart.total))
    : { spend_option: REVOLVING_CREDIT }
  const session = await createCartPaymentSession(req.scope, {
    cart,
    providerId: NEWDAY_PROVIDER_ID,
    customerId,
    data: { cart_id: cart.id, ...data },
  })
  await putCustomerSecret({ payment_session_id: session.id, cart_id: cart.id }, customer)
  res.json({
    payment_session: {
      id: session.id,
      provider_id: session.provider_id,
      status: session.status,
      amount: session.amount,
      data: session.data,
    },
  })
}

async function chosenOption(
  client: NewDayRouteContext["client"],
  customer: CustomerSecret,
  spend_option_id: string,
  basketAmountMinor: number,
) {
  let offered
  try {
    offered = toStoreSpendOptions(
      await client.spendOptionsForCustomer(
        customer.customerRef,
        { basketAmountMinor },
        { clientSessionId: customer.clientSessionId },
      ),
    )
  } catch (error) {
    throw toMedusaError(error, { lenderName: newDayLender.name, operation: "spend-options-for-customer" })
  }
  const chosen = offered.options.find((o) => o.spend_option_id === spend_option_id)
  if (!chosen) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `NewDay NewPay: spend_option_id "${spend_option_id}" is not offered to this shopper for £${fromMinorUnits(basketAmountMinor, "gbp")}.`,
    )
  }
  return { spend_option_id, spend_option: spendOptionSummary(chosen) }
}

export const POST = shopperRoute(handlePost)
