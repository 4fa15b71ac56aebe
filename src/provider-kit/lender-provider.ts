// The plumbing every lender provider shares, and nothing else: who the lender is (its
// definition, `static lender`), the logger, operation tracking, the financing log, manual-work
// entries and "no webhooks here". Each service extends it and keeps its own flow: the lenders
// differ in what a capture, a refund or a cancel means, and that stays in their services.
import type { Logger, ProviderWebhookPayload, WebhookActionResult } from "@medusajs/framework/types"
import { AbstractPaymentProvider, MedusaError, PaymentActions } from "@medusajs/framework/utils"
import { toMinorUnits, type AmountInput } from "../lenders/money"
import { getFinancingLog, getLenderSettingsStore, type FinancingLog } from "../modules/financing/registry"
import type { RecordFinancingOperationInput } from "../modules/financing/types"
import type { LenderSlug } from "../lenders/slugs"
import { asMedusaMovement, type MovementKind, registerMovementFinisher, withinMedusaMovement } from "./medusa-movement"
import { effectiveLenderSettings, offerVerdict } from "./offer-rules"
import {
  lenderTracker,
  recordLenderOperation,
  type TrackedOperation,
  type TrackedResult,
  type TrackTarget,
} from "./track-operation"

/** What the plumbing needs of a lender's definition (src/provider-kit/lender-definition.ts). */
export interface ProviderLender {
  slug: LenderSlug
  name: string
  identifier: string
  providerId: string
  /** Defaults of the owner's rules (offer-rules.ts); undefined: any. */
  currencies?: readonly string[] | "any"
  markets?: readonly string[] | "any"
}

export type LogEntry = Omit<RecordFinancingOperationInput, "provider_id" | "lender">

/**
 * The logger from a module container, or undefined: awilix throws on a name it does not hold
 * (unit tests construct providers with a bare object).
 */
export function loggerOf(cradle: Record<string, unknown>): Logger | undefined {
  try {
    return cradle.logger as Logger | undefined
  } catch {
    return undefined
  }
}

export abstract class LenderPaymentProvider<O = Record<string, unknown>> extends AbstractPaymentProvider<O> {
  /** The lender this provider speaks for; each service sets it from its definition. */
  static lender: ProviderLender

  protected readonly logger_?: Logger

  constructor(cradle: Record<string, unknown>, options: O) {
    super(cradle, options)
    this.logger_ = loggerOf(cradle)
    this.bracketMedusaMovements()
  }

  /**
   * Every capture and refund Medusa asks for is bracketed in the financing log under Medusa's row id
   * (./medusa-movement.ts), so a row left by a process that died mid-call can be found and finished.
   * The lender's own capture/refund stays reachable for that finishing (`finishMedusaMovement`).
   */
  private bracketMedusaMovements(): void {
    const own: Record<MovementKind, (input: never) => Promise<{ data?: Record<string, unknown> }>> = {
      capture: this.capturePayment.bind(this),
      refund: this.refundPayment.bind(this),
    }
    const bracket =
      (kind: MovementKind) =>
      (input: { context?: { idempotency_key?: string } }): Promise<never> =>
        asMedusaMovement(
          {
            lender: this.lender.slug,
            providerId: this.lender.providerId,
            log: getFinancingLog(),
            warn: (message) => this.logger_?.warn(`${this.lender.name}: ${message}`),
          },
          kind,
          input.context?.idempotency_key,
          () => own[kind](input as never) as Promise<never>,
        )
    this.capturePayment = bracket("capture")
    this.refundPayment = bracket("refund")
    registerMovementFinisher(this.lender.providerId, (kind, input) =>
      withinMedusaMovement(input.context?.idempotency_key, () => own[kind](input as never)),
    )
  }

  protected get lender(): ProviderLender {
    return (this.constructor as typeof LenderPaymentProvider).lender
  }

  /** Where tracked calls and log entries of this provider go. */
  protected get trackTarget(): TrackTarget {
    const { slug, name, providerId } = this.lender
    return { lender: slug, lenderName: name, providerId, logger: this.logger_ }
  }

  /** A lender call, logged in the financing log; its failure leaves as a MedusaError naming the lender. */
  protected track<T>(
    operation: TrackedOperation,
    call: () => Promise<T>,
    describe?: (result: T) => TrackedResult,
  ): Promise<T> {
    return lenderTracker(this.trackTarget)(operation, call, describe)
  }

  /**
   * Refuses a new payment session the store's settings exclude (lender switched off, currency,
   * order limits; the country when a plugin route vouched for it): the same rule as
   * GET /store/financing/offers, so Medusa's stock payment-session route cannot start what the
   * offers leave out. Settings are read per call, so an admin change applies at once everywhere.
   */
  protected async refuseUnlessOffered(
    amount: AmountInput,
    currencyCode: string,
    country?: string | null,
  ): Promise<void> {
    const store = getLenderSettingsStore()
    const saved = store ? (await store.listLenderSettings()).find((row) => row.lender === this.lender.slug) : undefined
    const settings = effectiveLenderSettings(this.lender, saved, 0)
    const currency = (currencyCode ?? "").toLowerCase()
    let minor: number
    try {
      minor = toMinorUnits(amount, currency)
    } catch {
      return // not an amount: the lender's own checks refuse it, naming the field
    }
    const verdict = offerVerdict(settings, { amount: minor, currency, country })
    if (verdict.offered) return
    this.logger_?.info(
      `${this.lender.name}: a payment session was refused by the store's settings (${verdict.reason}).`,
    )
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, verdict.message)
  }

  /** The financing log; `required`: a provider that cannot work without it says so. */
  protected financingLog(options: { required: true }): FinancingLog
  protected financingLog(options?: { required?: boolean }): FinancingLog | undefined
  protected financingLog({ required = false }: { required?: boolean } = {}): FinancingLog | undefined {
    const log = getFinancingLog()
    if (!log && required) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `${this.lender.name} needs the financing module (medusa-plugin-financing) to be loaded.`,
      )
    }
    return log
  }

  /** A log entry that is not a lender call. The audit trail never decides a payment: a failed write only warns. */
  protected recordOperation(entry: LogEntry): Promise<void> {
    return recordLenderOperation(this.trackTarget, entry)
  }

  /** A refund Medusa records while the lender has no refund API: the log tells the operator to make it by hand. */
  protected recordManualRefund(entry: Omit<LogEntry, "operation" | "outcome">): Promise<void> {
    return this.recordOperation({ ...entry, operation: "refund", outcome: "action_required" })
  }

  /** Lenders that send no webhooks to Medusa's generic /hooks/payment route: anything arriving there is ignored. */
  async getWebhookActionAndData(_payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    return { action: PaymentActions.NOT_SUPPORTED }
  }
}
