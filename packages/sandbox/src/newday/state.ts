// The simulator's records (spec §9) and the arithmetic on them. Amounts are integer pence.
//   remainingFloat = amount − settled − reversed
//   available credit = limit − open holds (remaining floats) − settled + refunded
import type { Clock } from "../clock"
import type { Ledger } from "../ledger"
import type { LenderStore } from "../state"
import type { CustomerFixture } from "./fixtures"

export interface AccessToken {
  token: string
  customerRef: string
  expiresAtMs: number
}

export type ScaTokenKind = "exempt" | "challenge" | "authenticated"

export interface ScaToken {
  token: string
  kind: ScaTokenKind
  customerRef: string
  merchantId: string
  amountMinor: number
  /** challenge: pending → authenticated | failed; others are born usable. */
  status: "pending" | "authenticated" | "failed" | "used"
  attempts: number
  expiresAtMs: number
}

export type AuthorisationStatus = "Authorised" | "PartiallySettled" | "PartiallyReversed" | "Closed" | "Expired"

export interface Authorisation {
  id: string
  customerRef: string
  merchantId: string
  amountMinor: number
  settledMinor: number
  reversedMinor: number
  status: AuthorisationStatus
  spendOptionId?: string
  orderReference: string
  description?: string
  parentAuthorisationId?: string
  createdAt: string
  expiresAtMs: number
}

export interface Transaction {
  id: string
  authorisationId: string
  customerRef: string
  merchantId: string
  amountMinor: number
  refundedMinor: number
  createdAt: string
}

export function remainingFloat(auth: Authorisation): number {
  return auth.amountMinor - auth.settledMinor - auth.reversedMinor
}

export function poundsText(minor: number): string {
  return `${Math.trunc(minor / 100)}.${String(Math.abs(minor % 100)).padStart(2, "0")}`
}

export class NewDayState {
  constructor(
    private readonly store: LenderStore,
    private readonly clock: Clock,
    private readonly ledger: Ledger,
  ) {}

  get customers() {
    return this.store.collection<CustomerFixture>("customers")
  }
  get accessTokens() {
    return this.store.collection<AccessToken>("accessTokens")
  }
  get scaTokens() {
    return this.store.collection<ScaToken>("scaTokens")
  }
  get authorisations() {
    return this.store.collection<Authorisation>("authorisations")
  }
  get transactions() {
    return this.store.collection<Transaction>("transactions")
  }

  uuid(): string {
    return this.store.ids.uuid()
  }

  /** An authorisation with holds past their lifetime released (NewDay auto-reverses them). */
  authorisation(id: string): Authorisation | undefined {
    const auth = this.authorisations.get(id)
    if (auth) this.expireIfDue(auth)
    return auth
  }

  expireIfDue(auth: Authorisation): void {
    const left = remainingFloat(auth)
    if (auth.status === "Expired" || this.clock.nowMs() < auth.expiresAtMs) return
    if (left > 0) {
      auth.reversedMinor += left
      this.ledger.record({ type: "hold-expired", ref: auth.id, amount: poundsText(left), currency: "GBP" })
    }
    auth.status = "Expired"
  }

  availableCreditMinor(customer: CustomerFixture): number {
    let used = 0
    for (const auth of this.authorisations.filter((a) => a.customerRef === customer.customerRef)) {
      this.expireIfDue(auth)
      used += remainingFloat(auth)
    }
    for (const tx of this.transactions.filter((t) => t.customerRef === customer.customerRef)) {
      used += tx.amountMinor - tx.refundedMinor
    }
    return customer.creditLimitMinor - used
  }

  validAccessToken(token: string | undefined, customerRef: string): boolean {
    const record = token ? this.accessTokens.get(token) : undefined
    return Boolean(record && record.customerRef === customerRef && this.clock.nowMs() < record.expiresAtMs)
  }

  statusAfterChange(auth: Authorisation, change: "settle" | "reverse"): AuthorisationStatus {
    if (remainingFloat(auth) === 0) return "Closed"
    return change === "settle" ? "PartiallySettled" : "PartiallyReversed"
  }
}
