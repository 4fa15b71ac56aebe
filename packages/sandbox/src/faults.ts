// Per-lender fault injection: one standing latency plus a FIFO queue of one-shot faults.
// A request takes the FIRST queued entry whose match selects it, so "fail POST /capture twice"
// waits for captures and is not used up by unrelated status polls.
import {
  type FaultKind,
  type FaultMatch,
  type FaultPhase,
  type FaultSpec,
  type LatencySpec,
  type QueuedFaultSpec,
  matches,
  parseFaultSpec,
} from "./fault-spec"

export * from "./fault-spec"

export type QueuedFault = QueuedFaultSpec & { id: string; /** matching requests still to affect */ remaining: number }

export interface LenderFaults {
  latency: LatencySpec | null
  queue: QueuedFault[]
}

export interface AppliedFault {
  at: string
  lender: string
  kind: FaultKind
  faultId?: string
  /** Request method, or "WEBHOOK" for outbound webhook faults. */
  method: string
  /** Relative request path, or the webhook receiver URL. */
  path: string
  status?: number
  /**
   * After-phase faults: when the lender's handler finished (its state change made), before the
   * fault replaced its answer. Tests that act "once the lender has acted" wait for this.
   */
  handledAt?: string
}

/** One request a lender route received, for tests that count round trips (e.g. status reads). */
export interface SeenRequest {
  /** Increases by one per request over the sandbox's life (reset keeps counting). */
  seq: number
  at: string
  lender: string
  method: string
  /** Relative request path, without the query string. */
  path: string
}

export interface LenderFaultStats {
  /** Lender requests seen (faulted or not). */
  requests: number
  /** Faults applied, by kind. */
  applied: Partial<Record<FaultKind, number>>
}

type Options = { count?: number; match?: FaultMatch }
type PhasedOptions = Options & { phase?: FaultPhase }

const HISTORY_LIMIT = 1000
const REQUEST_KINDS = new Set<FaultKind>(["status", "reset", "no-response", "malformed", "delay"])

export class FaultController {
  private readonly faults = new Map<string, LenderFaults>()
  private readonly counters = new Map<string, LenderFaultStats>()
  private appliedLog: AppliedFault[] = []
  private requestLog: SeenRequest[] = []
  private requestSeq = 0
  private nextId = 1

  constructor(readonly lenders: readonly string[]) {
    for (const slug of lenders) this.faults.set(slug, { latency: null, queue: [] })
    this.resetStats()
  }

  private lender(slug: string): LenderFaults {
    const faults = this.faults.get(slug)
    if (!faults) throw new UnknownLenderError(slug, this.lenders)
    return faults
  }

  /** Validates (throws FaultSpecError naming the field) and queues a fault, or sets latency. */
  add(slug: string, spec: FaultSpec): QueuedFault | LatencySpec {
    const lender = this.lender(slug)
    const parsed = parseFaultSpec(spec)
    if (parsed.kind === "latency") {
      lender.latency = parsed.ms > 0 ? parsed : null
      return parsed
    }
    const entry: QueuedFault = { ...parsed, id: `fault_${this.nextId++}`, remaining: parsed.count ?? 1 }
    lender.queue.push(entry)
    return entry
  }

  /** The next `count` matching requests get HTTP `status` (body defaults to the lender's error envelope). */
  failNext(
    slug: string,
    status: number,
    opts: PhasedOptions & { body?: unknown; headers?: Record<string, string> } = {},
  ) {
    return this.add(slug, { kind: "status", status, ...opts }) as QueuedFault
  }

  resetNext(slug: string, opts: PhasedOptions = {}) {
    return this.add(slug, { kind: "reset", ...opts }) as QueuedFault
  }

  hangNext(slug: string, opts: PhasedOptions = {}) {
    return this.add(slug, { kind: "no-response", ...opts }) as QueuedFault
  }

  malformNext(slug: string, opts: PhasedOptions = {}) {
    return this.add(slug, { kind: "malformed", ...opts }) as QueuedFault
  }

  delayNext(slug: string, ms: number, opts: Options = {}) {
    return this.add(slug, { kind: "delay", ms, ...opts }) as QueuedFault
  }

  /** Standing latency on every matching response; 0 turns it off. */
  setLatency(slug: string, ms: number, match?: FaultMatch): void {
    this.add(slug, { kind: "latency", ms, ...(match && { match }) })
  }

  dropWebhooks(slug: string, opts: Options = {}) {
    return this.add(slug, { kind: "webhook-drop", ...opts }) as QueuedFault
  }

  duplicateWebhooks(slug: string, opts: Options = {}) {
    return this.add(slug, { kind: "webhook-duplicate", ...opts }) as QueuedFault
  }

  /** Removes latency and queued faults for one lender (or all); returns how many were removed. */
  clear(slug?: string): number {
    let removed = 0
    for (const s of slug === undefined ? this.lenders : [slug]) {
      const lender = this.lender(s)
      removed += lender.queue.length + (lender.latency ? 1 : 0)
      lender.queue = []
      lender.latency = null
    }
    return removed
  }

  /** A snapshot of the active faults (copies: mutating them changes nothing). */
  list(slug: string): LenderFaults {
    const lender = this.lender(slug)
    return { latency: lender.latency && { ...lender.latency }, queue: lender.queue.map((f) => ({ ...f })) }
  }

  /** Cumulative counts since start or resetStats(); sandbox reset keeps them, for whole-run reports. */
  stats(): Record<string, LenderFaultStats> {
    return Object.fromEntries(
      this.lenders.map((s) => [s, { ...this.counters.get(s)!, applied: { ...this.counters.get(s)!.applied } }]),
    )
  }

  /** The most recent applied faults (up to 1000), oldest first. */
  history(slug?: string): AppliedFault[] {
    return this.appliedLog.filter((a) => slug === undefined || a.lender === slug)
  }

  /** The most recent lender requests (up to 1000), oldest first. */
  requests(slug?: string): SeenRequest[] {
    return this.requestLog.filter((r) => slug === undefined || r.lender === slug).map((r) => ({ ...r }))
  }

  resetStats(): void {
    for (const slug of this.lenders) this.counters.set(slug, { requests: 0, applied: {} })
    this.appliedLog = []
    this.requestLog = []
  }

  // ── used by the request middleware and the webhook dispatcher ──

  noteRequest(slug: string, method?: string, path?: string): void {
    const counters = this.counters.get(slug)
    if (counters) counters.requests++
    if (method === undefined || path === undefined) return
    this.requestLog.push({ seq: ++this.requestSeq, at: new Date().toISOString(), lender: slug, method, path })
    if (this.requestLog.length > HISTORY_LIMIT) this.requestLog.splice(0, this.requestLog.length - HISTORY_LIMIT)
  }

  latencyFor(slug: string, method: string, path: string): number {
    const latency = this.faults.get(slug)?.latency
    return latency && matches(latency.match, method, path) ? latency.ms : 0
  }

  /** Dequeues (one use of) the first request fault matching this request. */
  takeRequestFault(slug: string, method: string, path: string): QueuedFault | undefined {
    return this.take(slug, (f) => REQUEST_KINDS.has(f.kind) && matches(f.match, method, path))
  }

  takeWebhookFault(slug: string, url: string): QueuedFault | undefined {
    return this.take(slug, (f) => !REQUEST_KINDS.has(f.kind) && matches(f.match, undefined, url))
  }

  /** Records an applied fault; the entry is returned so an after-phase fault can mark it handled. */
  noteApplied(applied: Omit<AppliedFault, "at">): AppliedFault {
    const counters = this.counters.get(applied.lender)
    if (counters) counters.applied[applied.kind] = (counters.applied[applied.kind] ?? 0) + 1
    const entry: AppliedFault = { at: new Date().toISOString(), ...applied }
    this.appliedLog.push(entry)
    if (this.appliedLog.length > HISTORY_LIMIT) this.appliedLog.splice(0, this.appliedLog.length - HISTORY_LIMIT)
    return entry
  }

  private take(slug: string, select: (f: QueuedFault) => boolean): QueuedFault | undefined {
    const lender = this.faults.get(slug)
    if (!lender) return undefined
    const index = lender.queue.findIndex(select)
    if (index === -1) return undefined
    const entry = lender.queue[index]
    entry.remaining--
    if (entry.remaining <= 0) lender.queue.splice(index, 1)
    return entry
  }
}

export class UnknownLenderError extends Error {
  constructor(
    readonly slug: string,
    known: readonly string[],
  ) {
    super(`Unknown lender "${slug}" (this sandbox serves: ${known.join(", ")})`)
    this.name = "UnknownLenderError"
  }
}
