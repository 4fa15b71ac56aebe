// Outbound webhooks from simulated lenders to the merchant (the Medusa app under test).
// Retries mirror what lenders document (Payment Assist: 200 or it retries up to 3 times), every
// attempt is logged for assertions, and nothing ever throws back into a simulator's handler.
import axios from "axios"
import type { Clock } from "./clock"
import type { FaultController } from "./faults"
import { TimerSet } from "./timers"
import type { SandboxLogger } from "./types"

export interface WebhookRequest {
  lender: string
  url: string
  /** A string is sent byte for byte (sign exactly this); an object is JSON-encoded. */
  body: string | object
  headers?: Record<string, string>
  method?: "POST" | "PUT"
  /** Total tries including the first (default 4 = 1 + 3 retries). */
  maxAttempts?: number
  /** Wait before retry n is backoffMs × 2^(n-1) (default 200). Tests use 0–10. */
  backoffMs?: number
  /** Receiver statuses that count as delivered (default exactly [200]). */
  successStatuses?: number[]
  /** Deliver the whole thing twice, as flaky lenders do, to test receiver idempotency. */
  duplicate?: boolean
  /** Per-attempt timeout (default 5000 ms). */
  timeoutMs?: number
  /** Wait before the first attempt (default 0), e.g. to let the browser redirect land first. */
  delayMs?: number
  /** Label for the delivery log, e.g. "application.completed". */
  event?: string
}

export interface WebhookAttempt {
  deliveryId: string
  lender: string
  url: string
  event?: string
  /** 1-based; 0 for a delivery dropped by a webhook-drop fault. */
  attempt: number
  /** 2 for the second copy of a duplicated delivery. */
  copy: number
  /** Sandbox-clock time, ISO 8601. */
  at: string
  ok: boolean
  status?: number
  error?: string
  durationMs: number
  requestHeaders: Record<string, string>
  requestBody: string
  /** First 2000 characters of the receiver's answer. */
  responseBody?: string
}

export interface WebhookOutcome {
  deliveryId: string
  delivered: boolean
  /** Attempts made for the first copy. */
  attempts: number
  status?: number
  dropped?: boolean
  duplicated?: boolean
  /** The sandbox was reset or closed before the delivery finished. */
  cancelled?: boolean
}

interface DispatcherDeps {
  clock: Clock
  faults?: FaultController
  log?: SandboxLogger
}

export class WebhookDispatcher {
  private attempts: WebhookAttempt[] = []
  private readonly pending = new Set<Promise<WebhookOutcome>>()
  private timers = new TimerSet()
  private readonly controllers = new Set<AbortController>()
  /** Bumped by reset/close so deliveries from an earlier scenario stop and log nothing more. */
  private generation = 0
  private closed = false
  private nextId = 1

  constructor(private readonly deps: DispatcherDeps) {}

  deliver(request: WebhookRequest): Promise<WebhookOutcome> {
    const deliveryId = `whd_${this.nextId++}`
    const promise = this.run(deliveryId, request).catch((err: unknown): WebhookOutcome => {
      this.deps.log?.error(`webhook ${deliveryId} failed unexpectedly`, { error: String(err) })
      return { deliveryId, delivered: false, attempts: 0 }
    })
    this.pending.add(promise)
    void promise.finally(() => this.pending.delete(promise))
    return promise
  }

  /** Attempts for one lender (or all), oldest first. */
  log(lender?: string): WebhookAttempt[] {
    return this.attempts.filter((a) => lender === undefined || a.lender === lender)
  }

  /** Resolves once no delivery is pending, including ones started while waiting. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
  }

  flush(): Promise<void> {
    return this.idle()
  }

  /** Cancels pending deliveries and forgets the log. */
  reset(): void {
    this.cancelInFlight()
    this.attempts = []
  }

  close(): void {
    this.closed = true
    this.cancelInFlight()
  }

  private cancelInFlight(): void {
    this.generation++
    this.timers.cancelAll()
    this.timers = new TimerSet()
    for (const controller of this.controllers) controller.abort()
    this.controllers.clear()
  }

  private async run(deliveryId: string, request: WebhookRequest): Promise<WebhookOutcome> {
    const generation = this.generation
    const cancelled = (): WebhookOutcome => ({ deliveryId, delivered: false, attempts: 0, cancelled: true })
    if (this.closed) return cancelled()
    const body = typeof request.body === "string" ? request.body : JSON.stringify(request.body)
    const headers = normaliseHeaders(request.headers)
    const base = {
      deliveryId,
      lender: request.lender,
      url: request.url,
      event: request.event,
      requestHeaders: headers,
      requestBody: body,
    }

    if ((request.delayMs ?? 0) > 0 && !(await this.timers.sleep(request.delayMs!))) return cancelled()
    const fault = this.deps.faults?.takeWebhookFault(request.lender, request.url)
    if (fault) {
      this.deps.faults!.noteApplied({
        lender: request.lender,
        kind: fault.kind,
        faultId: fault.id,
        method: "WEBHOOK",
        path: request.url,
      })
    }
    if (fault?.kind === "webhook-drop") {
      this.attempts.push({
        ...base,
        attempt: 0,
        copy: 1,
        at: this.now(),
        ok: false,
        error: "dropped by webhook-drop fault",
        durationMs: 0,
      })
      return { deliveryId, delivered: false, attempts: 0, dropped: true }
    }
    const duplicated = Boolean(request.duplicate || fault?.kind === "webhook-duplicate")
    let first: WebhookOutcome | undefined
    for (let copy = 1; copy <= (duplicated ? 2 : 1); copy++) {
      const outcome = await this.attemptAll(request, base, copy, generation)
      first ??= { ...outcome, ...(duplicated && { duplicated }) }
      if (outcome.cancelled) break
    }
    return first!
  }

  private async attemptAll(
    request: WebhookRequest,
    base: Omit<WebhookAttempt, "attempt" | "copy" | "at" | "ok" | "durationMs">,
    copy: number,
    generation: number,
  ): Promise<WebhookOutcome> {
    const maxAttempts = Math.max(1, Math.floor(request.maxAttempts ?? 4))
    const backoffMs = Math.max(0, request.backoffMs ?? 200)
    const successStatuses = request.successStatuses ?? [200]
    let status: number | undefined
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (generation !== this.generation)
        return { deliveryId: base.deliveryId, delivered: false, attempts: attempt - 1, cancelled: true }
      const controller = new AbortController()
      this.controllers.add(controller)
      const started = Date.now()
      const at = this.now()
      let ok = false
      let error: string | undefined
      let responseBody: string | undefined
      status = undefined
      try {
        const response = await axios.request<string>({
          url: request.url,
          method: request.method ?? "POST",
          data: base.requestBody,
          headers: base.requestHeaders,
          timeout: request.timeoutMs ?? 5000,
          signal: controller.signal,
          // The body is sent exactly as given (axios would otherwise trim JSON strings and break signatures).
          transformRequest: [(data: unknown) => data],
          transformResponse: [(data: unknown) => data],
          responseType: "text",
          validateStatus: () => true,
          maxRedirects: 0,
          // The receiver is local; an HTTP(S)_PROXY in the environment must not intercept it.
          proxy: false,
        })
        status = response.status
        ok = successStatuses.includes(response.status)
        responseBody = typeof response.data === "string" ? response.data.slice(0, 2000) : undefined
        if (!ok) error = `receiver answered HTTP ${response.status}`
      } catch (err) {
        const e = err as { code?: string; message?: string }
        error = e.code ? `${e.code}: ${e.message}` : String(e.message ?? err)
      } finally {
        this.controllers.delete(controller)
      }
      if (generation !== this.generation)
        return { deliveryId: base.deliveryId, delivered: false, attempts: attempt, cancelled: true }
      this.attempts.push({
        ...base,
        attempt,
        copy,
        at,
        ok,
        status,
        error,
        responseBody,
        durationMs: Date.now() - started,
      })
      if (ok) return { deliveryId: base.deliveryId, delivered: true, attempts: attempt, status }
      this.deps.log?.warn(
        `webhook ${base.deliveryId} attempt ${attempt}/${maxAttempts} to ${request.url} failed: ${error}`,
      )
      if (attempt < maxAttempts && !(await this.timers.sleep(backoffMs * 2 ** (attempt - 1)))) {
        return { deliveryId: base.deliveryId, delivered: false, attempts: attempt, status, cancelled: true }
      }
    }
    return { deliveryId: base.deliveryId, delivered: false, attempts: maxAttempts, status }
  }

  private now(): string {
    return this.deps.clock.now().toISOString()
  }
}

/** Lower-cased names so a caller's "Content-Type" replaces the default instead of duplicating it. */
function normaliseHeaders(headers: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = { "content-type": "application/json", "user-agent": "medusa-financing-sandbox" }
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = String(value)
  return out
}
