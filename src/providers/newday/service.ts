// NewDay NewPay payment provider (identifier "newday" → pp_newday_newday). Thin: each method
// hands over to a flow module; the client, options and operation tracking come from ./context.
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  Logger,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import { AbstractPaymentProvider, MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { toMajorUnitString } from "../../lenders/money"
import { openRouteTicket, ownSessionData, paymentSessionIdOf } from "../../provider-kit"
import { authorizeOutageError } from "../../provider-kit/shopper-message"
import { authorizeNewDay } from "./authorize"
import { createNewDayContext, type NewDayContext } from "./context"
import { cancelNewDay, captureNewDay, refundNewDay } from "./movements"
import { newDayClientFor, type NewDayProviderOptions, validateNewDayOptions } from "./options"
import { GBP, type NewDayPaymentData } from "./payment-data"
import { deleteScaSecret, financingLog } from "./secrets"
import { medusaStatusOf } from "./status"

type Cradle = Record<string, unknown> & { logger?: Logger }

function gbpAmount(amount: unknown, currency: string | undefined, operation: string): string {
  if ((currency ?? "").toLowerCase() !== GBP) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `NewDay NewPay ${operation} failed: currency_code must be gbp (NewDay lends in pounds only), got "${currency}".`)
  }
  return toMajorUnitString(amount as never, GBP)
}

/**
 * Only what our own store route wrote is carried over, read from its route ticket (the browser may
 * send anything through the stock route). Authorise also needs the shopper's NewDay sign-in,
 * which that route binds server-side to the sessions it creates itself.
 */
function sessionFields(data: Record<string, unknown> | undefined): Partial<NewDayPaymentData> {
  const pick = (key: string) => (typeof data?.[key] === "string" && data[key] ? (data[key] as string) : undefined)
  const option = data?.spend_option
  return {
    cart_id: pick("cart_id"),
    spend_option_id: pick("spend_option_id"),
    spend_option: option && typeof option === "object" && !Array.isArray(option) ? (option as NewDayPaymentData["spend_option"]) : undefined,
  }
}

class NewDayProviderService extends AbstractPaymentProvider<NewDayProviderOptions> {
  static override identifier = "newday"

  static override validateOptions(options: Record<string, unknown>): void {
    validateNewDayOptions(options)
  }

  protected readonly nd: NewDayContext
  protected readonly cradle: Cradle

  constructor(cradle: Cradle, options: NewDayProviderOptions) {
    super(cradle, options)
    this.cradle = cradle
    let logger: Logger | undefined
    try {
      logger = cradle.logger
    } catch {
      logger = undefined
    }
    this.nd = createNewDayContext(options, newDayClientFor(options, logger), logger)
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const sessionId = paymentSessionIdOf(input)
    const amount = gbpAmount(input.amount, input.currency_code, "initiate")
    const route = await openRouteTicket("newday", input.data)
    const written: NewDayPaymentData = { ...sessionFields(route), session_id: sessionId, amount, currency_code: GBP, status: "pending" }
    for (const key of Object.keys(written)) if (written[key] === undefined) delete written[key]
    // Every other key the caller sent (authorisation_id, float state, …) is overwritten with null.
    return { id: sessionId ?? `newday_${Date.now()}`, data: ownSessionData(input.data, written), status: PaymentSessionStatus.PENDING }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const data = { ...(input.data ?? {}) } as NewDayPaymentData
    if (data.authorisation_id) return { data, status: medusaStatusOf(data.status) }
    const amount = gbpAmount(input.amount, input.currency_code, "update")
    if (amount !== data.amount && data.session_id) {
      // An SCA token is bound to the amount it was issued for.
      await deleteScaSecret(data.session_id)
      delete data.sca_widget_url
      data.status = "pending"
    }
    return { data: { ...data, amount }, status: medusaStatusOf(data.status) }
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    const data = (input.data ?? {}) as NewDayPaymentData
    // Nothing is held at NewDay before authorise; drop the shopper's tokens with the session.
    if (data.session_id && !data.authorisation_id) {
      await financingLog().deleteSecrets({ lender: "newday", payment_session_id: data.session_id })
    }
    return { data }
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    try {
      return await authorizeNewDay(this.nd, input)
    } catch (error) {
      // An outage reaches the shopper as { type: "cart", error } in plain words, never a 500; a hold
      // whose answer was lost is completed by the reconcile job.
      throw authorizeOutageError("NewDay NewPay", error)
    }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return captureNewDay(this.nd, this.cradle, input)
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return cancelNewDay(this.nd, input)
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    return refundNewDay(this.nd, input)
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return { data: input.data ?? {} }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const data = (input.data ?? {}) as NewDayPaymentData
    return { data, status: medusaStatusOf(data.status) }
  }

  /** Order Processing has no webhooks (spec §8): everything is synchronous. */
  async getWebhookActionAndData(_payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    return { action: PaymentActions.NOT_SUPPORTED }
  }
}

export default NewDayProviderService
