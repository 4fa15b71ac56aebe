// The pure parts of asynchronous webhook processing (issue #20): when a copy of a delivery is a
// duplicate, how the route's record is written, how one processing attempt ends up in the log,
// the retry schedule, and which pending deliveries the reconcile job takes over.
import type { FinancingOperationDTO } from "../../../modules/financing/types"
import { retryDelayMs } from "../../../provider-kit/durable-operation"
import { stalePendingFilter } from "../../reconcile/webhooks"
import {
  isDuplicateDelivery,
  recordWebhookDelivery,
  STALE_PENDING_WEBHOOK_MS,
  WEBHOOK_RETRY_POLICY,
  type WebhookResult,
} from "../delivery"
import { needsProcessing, processWebhookDelivery, type WebhookProcessor } from "../process"

const MIN = 60_000

function entry(fields: Partial<FinancingOperationDTO> = {}): FinancingOperationDTO {
  return {
    id: "fop_1",
    provider_id: "pp_vault_vault",
    lender: "vault",
    payment_session_id: null,
    payment_id: null,
    order_id: null,
    fulfillment_id: null,
    operation: "webhook",
    outcome: "pending",
    amount: null,
    currency_code: null,
    lender_reference: "pay_1",
    references: { invoice_id: "inv_1", payment_id: "pay_1" },
    error_code: null,
    error_message: null,
    http_status: null,
    attempts: 0,
    correlation_id: null,
    idempotency_key: "vault:webhook:abc",
    detail: null,
    next_attempt_at: null,
    completed_at: null,
    created_at: new Date(),
    updated_at: new Date(),
    ...fields,
  }
}

/** An in-memory financing log and a container with an in-process lock, as much as the code uses. */
function fakeContainer(rows: FinancingOperationDTO[] = []) {
  const updates: Array<{ id: string; patch: Record<string, unknown> }> = []
  const warnings: string[] = []
  const log = {
    findOperationByIdempotencyKey: async (key: string) =>
      rows.filter((r) => r.idempotency_key === key).slice(-1)[0] ?? null,
    recordOperation: async (input: Record<string, unknown>) => {
      const row = entry({ ...(input as Partial<FinancingOperationDTO>), id: `fop_${rows.length + 1}` })
      rows.push(row)
      return row
    },
    updateOperation: async (id: string, patch: Record<string, unknown>) => {
      updates.push({ id, patch })
      const row = rows.find((r) => r.id === id)!
      Object.assign(row, patch)
      return row
    },
    listFinancingOperations: async (filter: { id?: string }) => rows.filter((r) => r.id === filter.id),
  }
  const locks = new Map<string, Promise<unknown>>()
  const locking = {
    execute: (key: string, work: () => Promise<unknown>) => {
      const next = (locks.get(key) ?? Promise.resolve()).catch(() => undefined).then(work)
      locks.set(key, next)
      return next
    },
  }
  const container = {
    resolve: (name: string) => {
      if (name === "financing") return log
      if (name === "locking") return locking
      if (name === "logger") return { warn: (m: string) => warnings.push(m), error: () => undefined }
      throw new Error(`unexpected resolve(${name})`)
    },
  }
  return { container: container as never, rows, updates, warnings }
}

const processorFor = (process: () => Promise<WebhookResult>): Record<string, WebhookProcessor> => ({
  vault: { lenderName: "Vault", lockKey: (op) => op.idempotency_key!, process: jest.fn(process) },
})

describe("isDuplicateDelivery", () => {
  it("is a duplicate when an earlier copy is recorded and not failed", () => {
    expect(isDuplicateDelivery(null)).toBe(false)
    expect(isDuplicateDelivery({ outcome: "failed" })).toBe(false)
    for (const outcome of ["pending", "succeeded", "action_required"] as const)
      expect(isDuplicateDelivery({ outcome })).toBe(true)
  })
})

describe("recordWebhookDelivery", () => {
  const delivery = {
    lender: "vault",
    provider_id: "pp_vault_vault",
    idempotency_key: "vault:webhook:abc",
    lender_reference: "pay_1",
    references: { invoice_id: "inv_1", payment_id: "pay_1" },
  }

  it("writes a pending entry with no attempt yet, holding only the given ids", async () => {
    const { container, rows } = fakeContainer()
    const accepted = await recordWebhookDelivery(container, delivery)
    expect(accepted).toEqual({ duplicate: false, id: rows[0].id })
    expect(rows[0]).toMatchObject({
      operation: "webhook",
      outcome: "pending",
      attempts: 0,
      idempotency_key: "vault:webhook:abc",
      references: { invoice_id: "inv_1", payment_id: "pay_1" },
      detail: null,
    })
  })

  it("copies arriving together: one entry, the others duplicates", async () => {
    const { container, rows } = fakeContainer()
    const answers = await Promise.all([1, 2, 3].map(() => recordWebhookDelivery(container, delivery)))
    expect(rows).toHaveLength(1)
    expect(answers.filter((a) => a.duplicate)).toHaveLength(2)
  })

  it("a copy of a failed delivery puts that entry back to pending instead of adding one", async () => {
    const failed = entry({ outcome: "failed", next_attempt_at: new Date(), attempts: 2 })
    const { container, rows } = fakeContainer([failed])
    expect(await recordWebhookDelivery(container, delivery)).toEqual({ duplicate: false, id: failed.id })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ outcome: "pending", next_attempt_at: null, attempts: 2 })
  })
})

describe("processWebhookDelivery", () => {
  it("records the processor's verdict on the delivery's entry", async () => {
    const { container, rows } = fakeContainer([entry()])
    const processors = processorFor(async () => ({
      outcome: "succeeded",
      payment_session_id: "payses_1",
      detail: { vault_status: "SUCCESS" },
    }))
    expect(await processWebhookDelivery(container, "fop_1", processors)).toBe("succeeded")
    expect(rows[0]).toMatchObject({
      outcome: "succeeded",
      attempts: 1,
      next_attempt_at: null,
      payment_session_id: "payses_1",
      detail: { vault_status: "SUCCESS" },
      error_message: null,
    })
  })

  it("a refusal is final: failed, with the message and no next attempt", async () => {
    const { container, rows } = fakeContainer([entry()])
    const processors = processorFor(async () => ({
      outcome: "refused",
      error_message: "Vault webhook: the payment does not match the session (amount)",
    }))
    expect(await processWebhookDelivery(container, "fop_1", processors)).toBe("failed")
    expect(rows[0]).toMatchObject({
      outcome: "failed",
      error_code: "refused",
      next_attempt_at: null,
      error_message: "Vault webhook: the payment does not match the session (amount)",
    })
  })

  it("a thrown error is retried on the policy's schedule, then handed to a person", async () => {
    const { container, rows, warnings } = fakeContainer([entry()])
    const processors = processorFor(async () => {
      throw new Error("socket hang up")
    })
    const before = Date.now()
    expect(await processWebhookDelivery(container, "fop_1", processors)).toBe("failed")
    expect(rows[0].attempts).toBe(1)
    expect(rows[0].next_attempt_at!.getTime()).toBeGreaterThanOrEqual(before + MIN)
    expect(rows[0].error_message).toMatch(/^Vault webhook failed/)
    expect(warnings.join("\n")).toMatch(/attempt 1/)

    rows[0].attempts = WEBHOOK_RETRY_POLICY.maxAttempts - 1
    expect(await processWebhookDelivery(container, "fop_1", processors)).toBe("action_required")
    expect(rows[0]).toMatchObject({ outcome: "action_required", next_attempt_at: null })
  })

  it("leaves a delivery that is already done (or unknown, or not a webhook) alone", async () => {
    const done = entry({ id: "fop_1", outcome: "succeeded" })
    const flagged = entry({ id: "fop_2", outcome: "action_required" })
    const other = entry({ id: "fop_3", operation: "capture" })
    const { container, updates } = fakeContainer([done, flagged, other])
    const processors = processorFor(async () => ({ outcome: "succeeded" }))
    for (const id of ["fop_1", "fop_2", "fop_3", "fop_404"])
      expect(await processWebhookDelivery(container, id, processors)).toBe("skipped")
    expect(processors.vault.process).not.toHaveBeenCalled()
    expect(updates).toEqual([])
  })

  it("two runs of one delivery at once: the second waits for the lock and finds it done", async () => {
    const { container } = fakeContainer([entry()])
    const processors = processorFor(async () => ({ outcome: "succeeded" }))
    const outcomes = await Promise.all([
      processWebhookDelivery(container, "fop_1", processors),
      processWebhookDelivery(container, "fop_1", processors),
    ])
    expect(outcomes.sort()).toEqual(["skipped", "succeeded"])
    expect(processors.vault.process).toHaveBeenCalledTimes(1)
  })
})

describe("needsProcessing", () => {
  it("pending or failed webhooks of a lender with a processor", () => {
    expect(needsProcessing(entry())).toBe(true)
    expect(needsProcessing(entry({ outcome: "failed" }))).toBe(true)
    expect(needsProcessing(entry({ lender: "payment-assist" }))).toBe(true)
    expect(needsProcessing(entry({ outcome: "succeeded" }))).toBe(false)
    expect(needsProcessing(entry({ lender: "newday" }))).toBe(false)
    expect(needsProcessing(entry({ operation: "capture" }))).toBe(false)
    expect(needsProcessing(null)).toBe(false)
  })
})

describe("WEBHOOK_RETRY_POLICY", () => {
  it("1, 2, 4 … minutes apart, at most an hour, eight attempts", () => {
    const pauses = [1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(WEBHOOK_RETRY_POLICY, n) / MIN)
    expect(pauses).toEqual([1, 2, 4, 8, 16, 32, 60])
    expect(WEBHOOK_RETRY_POLICY.maxAttempts).toBe(8)
  })
})

describe("stalePendingFilter", () => {
  it("pending webhooks older than the stale age and unleased, or whose lease ran out", () => {
    const now = new Date("2026-12-06T05:00:00Z")
    expect(stalePendingFilter("vault", now)).toEqual({
      lender: "vault",
      operation: "webhook",
      outcome: "pending",
      $or: [
        { next_attempt_at: null, created_at: { $lte: new Date(now.getTime() - STALE_PENDING_WEBHOOK_MS) } },
        { next_attempt_at: { $lte: now } },
      ],
    })
  })
})
