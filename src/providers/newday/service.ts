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
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
} from "@medusajs/framework/types"
import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import { toMajorUnitString } from "../../lenders/money"
import { LenderPaymentProvider } from "../../provider-kit/lender-provider"
import { openRouteTicket } from "../../provider-kit/route-ticket"
import { ownSessionData, paymentSessionIdOf } from "../../provider-kit/session-data"
import { authorizeOutageError } from "../../provider-kit/shopper-message"
import { rememberTurnedAway } from "../../provider-kit/turned-away"
import { authorizeNewDay } from "./authorize"
import { createNewDayContext, type NewDayContext } from "./context"
import { withOwnerChoices } from "../../provider-kit/owner-options"
import { cancelNewDay, captureNewDay, refundNewDay } from "./movements"
import { newDayLender } from "./lender"
import { newDayClientFor, type NewDayProviderOptions } from "./options"
import { GBP, pence, type NewDayPaymentData } from "./payment-data"
import { deleteScaSecret } from "./secrets"
import { sessionStatusOf } from "./status"

const NEWDAY = newDayLender

function gbpAmount(amount: unknown, currency: string | undefined, operation: string): string {
  if ((currency ?? "").toLowerCase() !== GBP) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `NewDay NewPay ${operation} failed: currency_code must be gbp (NewDay lends in pounds only), got "${currency}".`,
    )
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
    spend_option:
      option && typeof option === "object" && !Array.isArray(option)
        ? (option as NewDayPaymentData["spend_option"])
        : undefined,
  }
}

class NewDayProviderService extends LenderPaymentProvider<NewDayProviderOptions> {
  static override identifier = NEWDAY.identifier
  static override lender = NEWDAY

  static override validateOptions(options: Record<string, unknown>): void {
    newDayLender.validateOptions(options)
  }

  protected readonly options_: NewDayProviderOptions

  constructor(cradle: Record<string, unknown>, options: NewDayProviderOptions) {
    super(cradle, options)
    this.options_ = options
  }

  /** The flows' context for this call: the owner's credentials and choices over the configuration. */
  protected async context(): Promise<NewDayContext> {
    const options = await withOwnerChoices(newDayLender, this.options_)
    return createNewDayContext(options, newDayClientFor(options, this.logger_), this.logger_)
  }

  private dataOf(input: { data?: Record<string, unknown> }): NewDayPaymentData {
    return (input.data ?? {}) as NewDayPaymentData
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const sessionId = paymentSessionIdOf(input)
    const amount = gbpAmount(input.amount, input.currency_code, "initiate")
    await this.refuseUnlessOffered(input.amount, input.currency_code)
    const route = await openRouteTicket("newday", input.data)
    const written: NewDayPaymentData = {
      ...sessionFields(route),
      session_id: sessionId,
      amount,
      currency_code: GBP,
      status: "pending",
    }
    for (const key of Object.keys(written)) if (written[key] === undefined) delete written[key]
    // Every other key the caller sent (authorisation_id, float state, …) is overwritten with null.
    return {
      id: sessionId ?? `newday_${Date.now()}`,
      data: ownSessionData(input.data, written),
      status: PaymentSessionStatus.PENDING,
    }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const data = { ...this.dataOf(input) }
    if (data.authorisation_id) return { data, status: sessionStatusOf(data.status) }
    const amount = gbpAmount(input.amount, input.currency_code, "update")
    if (amount !== data.amount && data.session_id) {
      // An SCA token is bound to the amount it was issued for.
      await deleteScaSecret(data.session_id)
      delete data.sca_widget_url
      data.status = "pending"
    }
    return { data: { ...data, amount }, status: sessionStatusOf(data.status) }
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    const data = this.dataOf(input)
    // Nothing is held at NewDay before authorise; drop the shopper's tokens with the session.
    if (data.session_id && !data.authorisation_id) {
      await this.financingLog({ required: true }).deleteSecrets({
        lender: "newday",
        payment_session_id: data.session_id,
      })
    }
    return { data }
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    try {
      return await authorizeNewDay(await this.context(), input)
    } catch (error) {
      // NewDay declined: it is left out of this cart's offers (the cart id is the one its store route wrote).
      if ((error as { type?: string })?.type === MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR)
        await rememberTurnedAway(this.financingLog(), {
          lender: NEWDAY.slug,
          cartId: (input.data as NewDayPaymentData | undefined)?.cart_id,
          reason: "declined",
          amountMinor: declinedPence(input.data as NewDayPaymentData | undefined),
        })
      // An outage reaches the shopper as { type: "cart", error } in plain words, never a 500; a hold
      // whose answer was lost is completed by the reconcile job.
      throw authorizeOutageError(NEWDAY.name, error)
    }
  }

  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return captureNewDay(await this.context(), this.container, input)
  }

  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return cancelNewDay(await this.context(), input)
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    return refundNewDay(await this.context(), input)
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return { data: input.data ?? {} }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const data = this.dataOf(input)
    return { data, status: sessionStatusOf(data.status) }
  }

  // Order Processing has no webhooks (spec §8): everything is synchronous (the base's
  // getWebhookActionAndData ignores anything sent to /hooks/payment).
}

export default NewDayProviderService

/** The amount NewDay declined, in pence, when the session states one. */
function declinedPence(data: NewDayPaymentData | undefined): number | undefined {
  try {
    return data?.amount ? pence(data.amount) : undefined
  } catch {
    return undefined
  }
}
