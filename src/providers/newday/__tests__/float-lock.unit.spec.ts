// The NewDay float lock: money-moving calls on one authorisation never overlap and each starts
// from the freshest state — within one process (promise chain + remembered state) and across
// processes (a shared lock + the state kept in the financing log). Two "processes" are two
// isolated copies of the module sharing only what real processes share: the lock and the log.
import type { FloatState } from "../payment-data"
import { FakeFinancingLog } from "./helpers/fake-financing-log"

type FloatLockModule = typeof import("../float-lock")

// Each simulated process loads the module tree afresh (Medusa's utils included): seconds on a busy
// machine, which is not what these tests measure.
jest.setTimeout(30_000)

function loadProcess(): FloatLockModule {
  let loaded: FloatLockModule | undefined
  jest.isolateModules(() => {
    loaded = require("../float-lock")
  })
  return loaded!
}

/** A keyed mutex with the locking module's `execute` shape (what Redis gives across processes). */
function sharedLocking() {
  const tails = new Map<string, Promise<unknown>>()
  const keysSeen: string[] = []
  return {
    keysSeen,
    async execute<T>(keys: string | string[], job: () => Promise<T>): Promise<T> {
      const key = ([] as string[]).concat(keys).join(",")
      keysSeen.push(key)
      const run = (tails.get(key) ?? Promise.resolve()).catch(() => undefined).then(job)
      tails.set(key, run)
      return run
    },
  }
}

const authorised = (id = "auth_1", pence = 10_000): FloatState => ({
  authorisationId: id,
  authorisedMinor: pence,
  settlements: [],
  reversals: [],
})
const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

/** A settle that records what it started from and how many calls ran at once. */
function settler(
  amountMinor: number,
  seen: { active: number; maxActive: number; startedFrom: number[] },
  fail = false,
) {
  return async (current: FloatState) => {
    seen.active++
    seen.maxActive = Math.max(seen.maxActive, seen.active)
    seen.startedFrom.push(current.settlements.length)
    await tick()
    seen.active--
    if (fail) throw new Error("NewDay timed out")
    const settlements = [
      ...current.settlements,
      { transactionId: `tx_${current.settlements.length + 1}`, amountMinor, refundedMinor: 0 },
    ]
    return { state: { ...current, settlements }, result: settlements.length }
  }
}

const counters = () => ({ active: 0, maxActive: 0, startedFrom: [] as number[] })

describe("in one process (no locking module, no financing log)", () => {
  const none = { locking: null, log: null }

  it("serialises calls on one authorisation and gives each the state the previous one produced", async () => {
    const { withFloatLock } = loadProcess()
    const seen = counters()
    const stale = authorised()
    const results = await Promise.all([1, 2, 3].map(() => withFloatLock(stale, settler(1000, seen), {}, none)))
    expect(seen.maxActive).toBe(1)
    expect(seen.startedFrom).toEqual([0, 1, 2])
    expect(results.map((r) => r.result)).toEqual([1, 2, 3])
  })

  it("runs different authorisations side by side", async () => {
    const { withFloatLock } = loadProcess()
    const seen = counters()
    await Promise.all([
      withFloatLock(authorised("auth_a"), settler(1, seen), {}, none),
      withFloatLock(authorised("auth_b"), settler(1, seen), {}, none),
    ])
    expect(seen.maxActive).toBe(2)
  })

  it("keeps nothing from a failed call: the next one starts where the last success left off", async () => {
    const { withFloatLock } = loadProcess()
    const seen = counters()
    await withFloatLock(authorised(), settler(1000, seen), {}, none)
    await expect(withFloatLock(authorised(), settler(1000, seen, true), {}, none)).rejects.toThrow("NewDay timed out")
    const next = await withFloatLock(authorised(), settler(1000, seen), {}, none)
    expect(seen.startedFrom).toEqual([0, 1, 1])
    expect(next.state.settlements.map((s) => s.transactionId)).toEqual(["tx_1", "tx_2"])
  })

  it("falls back to the in-process lock when Medusa's modules are not loaded", async () => {
    const { withFloatLock } = loadProcess()
    const seen = counters()
    await Promise.all([withFloatLock(authorised(), settler(1, seen)), withFloatLock(authorised(), settler(1, seen))])
    expect(seen.maxActive).toBe(1)
    expect(seen.startedFrom).toEqual([0, 1])
  })
})

describe("across processes (shared lock and financing log)", () => {
  it("never overlaps calls made by two processes and the second starts from the first one's settlement", async () => {
    const [server, worker] = [loadProcess(), loadProcess()]
    const backends = { locking: sharedLocking(), log: new FakeFinancingLog() }
    const seen = counters()
    const stale = authorised() // both processes were handed the payment's data before either call
    const scope = { paymentSessionId: "payses_1" }
    const [a, b] = await Promise.all([
      server.withFloatLock(stale, settler(4000, seen), scope, backends),
      worker.withFloatLock(stale, settler(6000, seen), scope, backends),
    ])
    expect(seen.maxActive).toBe(1)
    expect(seen.startedFrom).toEqual([0, 1])
    expect([a.result, b.result].sort()).toEqual([1, 2])
    expect(backends.locking.keysSeen).toEqual(["newday:float:auth_1", "newday:float:auth_1"])
  })

  it("a later call in another process sees settlements it was never told about", async () => {
    const [server, worker] = [loadProcess(), loadProcess()]
    const backends = { locking: sharedLocking(), log: new FakeFinancingLog() }
    const scope = { paymentSessionId: "payses_1" }
    const seen = counters()
    await worker.withFloatLock(authorised(), settler(4000, seen), scope, backends)
    const second = await server.withFloatLock(authorised(), settler(6000, seen), scope, backends)
    expect(seen.startedFrom).toEqual([0, 1])
    expect(second.state.settlements.map((s) => [s.transactionId, s.amountMinor])).toEqual([
      ["tx_1", 4000],
      ["tx_2", 6000],
    ])
  })

  it("without a payment session to key the shared state, another process only gets the lock (no state)", async () => {
    const [server, worker] = [loadProcess(), loadProcess()]
    const backends = { locking: sharedLocking(), log: new FakeFinancingLog() }
    const seen = counters()
    await worker.withFloatLock(authorised(), settler(4000, seen), {}, backends)
    await server.withFloatLock(authorised(), settler(6000, seen), {}, backends)
    expect(seen.startedFrom).toEqual([0, 0])
    expect(backends.log.secrets).toHaveLength(0)
  })

  it("ignores a stored state of another authorisation (a session re-authorised)", async () => {
    const [server, worker] = [loadProcess(), loadProcess()]
    const backends = { locking: sharedLocking(), log: new FakeFinancingLog() }
    const scope = { paymentSessionId: "payses_1" }
    const seen = counters()
    await worker.withFloatLock(authorised("auth_old"), settler(4000, seen), scope, backends)
    const fresh = await server.withFloatLock(authorised("auth_new"), settler(6000, seen), scope, backends)
    expect(fresh.state.settlements.map((s) => s.transactionId)).toEqual(["tx_1"])
  })

  it("still answers with the money moved when the shared state cannot be written", async () => {
    const { withFloatLock } = loadProcess()
    const log = new FakeFinancingLog()
    log.putSecret = async () => {
      throw new Error("database unavailable")
    }
    const outcome = await withFloatLock(
      authorised(),
      settler(4000, counters()),
      { paymentSessionId: "payses_1" },
      { locking: sharedLocking(), log },
    )
    expect(outcome.state.settlements).toHaveLength(1)
  })
})
