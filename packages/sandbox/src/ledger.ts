// Append-only record of what a lender "did" with money or state (captured, refunded, settled…).
// Tests and reliability reports assert on it: e.g. a retried capture must appear exactly once.
import type { Clock } from "./clock"

export interface LedgerInput {
  /** What happened, in the lender's words: "capture", "refund", "lease.signed"… */
  type: string
  /** The lender reference it happened to (token, transaction id, payment id…). */
  ref: string
  /** In the lender's own unit (note it in data if ambiguous); a decimal string avoids float drift. */
  amount?: string | number
  currency?: string
  data?: Record<string, unknown>
}

export interface LedgerEntry extends LedgerInput {
  seq: number
  lender: string
  /** Sandbox-clock time, ISO 8601. */
  at: string
}

export interface Ledger {
  record(input: LedgerInput): LedgerEntry
  list(filter?: { type?: string; ref?: string }): LedgerEntry[]
}

export class LenderLedger implements Ledger {
  private entries: LedgerEntry[] = []
  private seq = 0

  constructor(
    private readonly lender: string,
    private readonly clock: Clock,
  ) {}

  record(input: LedgerInput): LedgerEntry {
    if (!input || typeof input.type !== "string" || !input.type) throw new TypeError("ledger.record needs a type")
    if (typeof input.ref !== "string" || !input.ref) throw new TypeError("ledger.record needs a ref")
    const entry: LedgerEntry = Object.freeze({
      ...input,
      data: input.data ? { ...input.data } : undefined,
      seq: ++this.seq,
      lender: this.lender,
      at: this.clock.now().toISOString(),
    })
    this.entries.push(entry)
    return entry
  }

  list(filter: { type?: string; ref?: string } = {}): LedgerEntry[] {
    return this.entries.filter(
      (e) =>
        (filter.type === undefined || e.type === filter.type) && (filter.ref === undefined || e.ref === filter.ref),
    )
  }

  clear(): void {
    this.entries = []
    this.seq = 0
  }
}
