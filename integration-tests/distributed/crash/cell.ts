// One cell of the crash table: a money-moving step, a kill point and the process killed. The cell
// arms the kill, starts the step, waits for the process to die, restarts it, then lets the world
// do what it would — the shopper retries, the lender re-sends, the reconcile job runs — one
// recovery step at a time until the shop is consistent again: the orders expected and no more,
// the lender's ledger and Medusa's captures and refunds in agreement, nothing left pending.
import { recordFigure } from "../../utils/figures"
import type { DistributedShop, Role } from "../cluster"
import { KILL_POINTS, killAt, type KillPoint, type StepTarget } from "./kill-points"
import { pendingOperationWords } from "./shop-reads"

/** What the cell's probe reads back after each recovery step. */
export interface Observed {
  /** Orders for the cell's cart. */
  orders: number
  /** Money movements in the lender's ledger for the cell's application / payment. */
  effects: number
  /** Medusa's captured and refunded amounts equal the lender's. */
  medusaAgrees: boolean
  /** financing_operation rows still pending that the cell wrote. */
  pending: number
  /** The cell's log entries as the admin widget shows them ("operation outcome", …). */
  log: string
  /** Shown when the cell never becomes consistent. */
  detail?: string
}

export interface RecoveryStep {
  /** Who acts, in the table's words: "shopper reloads the return page", "reconcile job". */
  who: string
  run: () => Promise<unknown>
  /** How long to keep reading back after this step before trying the next (default 15 s). */
  settleMs?: number
}

export interface CrashCell {
  lender: string
  step: string
  point: KillPoint
  target: StepTarget
  /** Starts the step; it is expected to fail (the process dies under it). */
  act: () => Promise<unknown>
  recovery: RecoveryStep[]
  /** Reads the shop back; `since` is the cell's start. */
  observe: (since: Date) => Promise<Observed>
  expectedOrders: number
  expectedEffects: number
}

export interface CrashRow {
  lender: string
  step: string
  kill_point: KillPoint
  killed: Role
  recovered_by: string
  orders: number
  effects: number
  expected: number
  duplicate_orders: number
  lost_orders: number
  stuck_pending: number
  log_shows: string
  consistent_after_s: number
  result: "pass" | "fail"
}

const POLL_MS = 500

function consistent(o: Observed, cell: CrashCell): boolean {
  return o.orders === cell.expectedOrders && o.effects === cell.expectedEffects && o.medusaAgrees && o.pending === 0
}

function describe(o: Observed, cell: CrashCell): string {
  return (
    `orders ${o.orders}/${cell.expectedOrders}, lender effects ${o.effects}/${cell.expectedEffects}, ` +
    `Medusa agrees ${o.medusaAgrees}, pending ${o.pending}; log: ${o.log}${o.detail ? `; ${o.detail}` : ""}`
  )
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

export async function runCrashCell(shop: DistributedShop, source: string, cell: CrashCell): Promise<CrashRow> {
  const since = new Date()
  const { kill, role } = killAt(shop, cell.point, cell.target)
  const acting = cell.act().then(
    () => "answered",
    (error: unknown) => `failed: ${messageOf(error).slice(0, 200)}`,
  )
  let killedAt: number
  try {
    killedAt = await kill.fired
  } catch (error) {
    kill.cancel()
    throw new Error(`${cell.lender} ${cell.step}: the kill never fired (${messageOf(error)}); the step ${await acting}`)
  }
  await acting
  await shop.restart(role)

  let observed = await cell.observe(since)
  let recoveredBy = "restart alone"
  for (const step of [
    { who: "restart alone", run: async () => undefined, settleMs: 8000 } as RecoveryStep,
    ...cell.recovery,
  ]) {
    if (consistent(observed, cell)) break
    recoveredBy = step.who
    try {
      await step.run()
    } catch (error) {
      // A retry the dead process made fail (a 409, a refused request) is part of the story, not the test's end.
      recoveredBy = `${step.who} (it answered: ${messageOf(error).slice(0, 120)})`
    }
    const until = Date.now() + (step.settleMs ?? 15_000)
    for (;;) {
      observed = await cell.observe(since)
      if (consistent(observed, cell) || Date.now() > until) break
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
  }
  // Faults the cell queued and never used (dropped webhooks, say) must not reach the next cell.
  shop.sandbox.faults.clear(cell.target.lender)
  const ok = consistent(observed, cell)
  // What is still pending, by name: a failing cell's message then says which entry never finished.
  const stuck = observed.pending ? `; pending: ${await pendingOperationWords(shop, since)}` : ""
  const row: CrashRow = {
    lender: cell.lender,
    step: cell.step,
    kill_point: cell.point,
    killed: role,
    recovered_by: ok ? recoveredBy : `not consistent: ${describe(observed, cell)}${stuck}`,
    orders: observed.orders,
    effects: observed.effects,
    expected: cell.expectedEffects,
    duplicate_orders: Math.max(0, observed.orders - cell.expectedOrders),
    lost_orders: Math.max(0, cell.expectedOrders - observed.orders),
    stuck_pending: observed.pending,
    log_shows: observed.log,
    consistent_after_s: Math.round((Date.now() - killedAt) / 100) / 10,
    result: ok ? "pass" : "fail",
  }
  recordFigure(source, { table: "crash", ...row })
  return row
}

/**
 * The cell's verdict, with the harness's account of what stayed inconsistent in the failure
 * message (the orders, effects and pending counts alone do not say which entry or step).
 */
export function expectRecovered(row: CrashRow, expected: { orders?: number; effects: number }) {
  const seen = {
    result: row.result,
    ...(expected.orders !== undefined && { orders: row.orders }),
    effects: row.effects,
    stuck_pending: row.stuck_pending,
    not_consistent: row.result === "pass" ? "" : row.recovered_by,
  }
  expect(seen).toEqual({ result: "pass", ...expected, stuck_pending: 0, not_consistent: "" })
}

/**
 * Cells the harness found inconsistent and that are not fixed yet, with the reason. Their tests
 * run and must still fail (jest's it.failing): the table keeps showing them as failures, and the
 * day one is fixed its test goes red until it is taken off this list.
 */
const KNOWN_DEFECTS: Record<string, string> = {
  // Not a bug the plugin can fix: FlexShopper offers no way to read credits back, so a credit whose
  // answer never came is not sent again (never credit twice) and is flagged action_required for a
  // check in FlexShopper's merchant portal; Medusa keeps the refund the return asked for.
  "FlexShopper | credit (return received) | lender not reached":
    "FlexShopper credits cannot be read back: the interrupted credit waits for a person (action_required); Medusa shows it refunded, FlexShopper never received it.",
}

export function crashTest(lender: string, step: string, point: KillPoint): jest.It {
  return KNOWN_DEFECTS[`${lender} | ${step} | ${point}`] ? it.failing : it
}

/** One test per kill point this run covers (KILL_POINTS): "killed at <point> → <outcome>". */
export function crashCells(lender: string, step: string, outcome: string, run: (point: KillPoint) => Promise<void>) {
  for (const point of KILL_POINTS) crashTest(lender, step, point)(`killed at ${point} → ${outcome}`, () => run(point))
}
