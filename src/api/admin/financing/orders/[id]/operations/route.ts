// The financing log of one order, newest first: every lender operation recorded against the
// order, its payments or its payment sessions (operations before the order existed included).
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { FINANCING_MODULE } from "../../../../../../modules/financing"
import type FinancingModuleService from "../../../../../../modules/financing/service"
import type { AdminOrderOperationsQueryType } from "../../../validators"
import { shownValue } from "../../../../../../provider-kit/validate-request"

interface OrderPayments {
  id: string
  payment_collections?: Array<{
    payments?: Array<{ id: string } | null>
    payment_sessions?: Array<{ id: string } | null>
  } | null>
}

export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminOrderOperationsQueryType>,
  res: MedusaResponse,
) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const financing = req.scope.resolve<FinancingModuleService>(FINANCING_MODULE)
  const { limit, offset } = req.validatedQuery as AdminOrderOperationsQueryType

  const { data } = await query.graph({
    entity: "order",
    fields: ["id", "payment_collections.payments.id", "payment_collections.payment_sessions.id"],
    filters: { id: req.params.id },
  })
  const order = data[0] as OrderPayments | undefined
  if (!order) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id "${shownValue(req.params.id)}" was not found`)
  }

  const collections = (order.payment_collections ?? []).filter((c): c is NonNullable<typeof c> => Boolean(c))
  const ids = (rows: Array<{ id: string } | null> | undefined) =>
    (rows ?? []).filter((r): r is { id: string } => Boolean(r)).map((r) => r.id)

  const page = await financing.listOrderHistory(
    {
      order_id: order.id,
      payment_ids: collections.flatMap((c) => ids(c.payments)),
      payment_session_ids: collections.flatMap((c) => ids(c.payment_sessions)),
    },
    { limit, offset },
  )
  res.json(page)
}
