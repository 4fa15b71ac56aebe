// Where the crash harness kills a Medusa process, timed on what the lender or the shopper sees
// rather than on hooks inside the plugin, so nothing test-only ships in the plugin's code:
//
// - "lender not reached": the lender's request arrives and is held before the lender acts (the
//   sandbox's no-response fault, phase "before"); the calling process is killed while it waits.
//   The lender did nothing; the plugin may have written its pending log row.
// - "lender acted": the lender acts and records it in its ledger, then the answer is held
//   (phase "after"); the caller is killed before it could write anything about the answer.
// - "after Medusa's write": the request that started the step (return, webhook, complete, admin
//   call) is answered by Medusa — every write of it done — and the server is killed by the kill
//   proxy before the answer reaches the shopper, the admin or the lender.
import type { FaultMatch } from "../../../packages/sandbox/src"
import type { DistributedShop, Role } from "../cluster"

export const ALL_KILL_POINTS = ["lender not reached", "lender acted", "after Medusa's write"] as const
export type KillPoint = (typeof ALL_KILL_POINTS)[number]

/**
 * The kill points this run covers. A cell takes about a minute (a restart, Medusa's cart lock left
 * by the dead process, the reconcile runs), so `npm test` kills each step once, where it matters
 * most — the lender has acted and its answer is lost with the process — and `npm run reliability`
 * (FINANCING_CRASH_POINTS=all) runs the whole table for RELIABILITY.md.
 */
export const KILL_POINTS: readonly KillPoint[] =
  process.env.FINANCING_CRASH_POINTS === "all" ? ALL_KILL_POINTS : ["lender acted"]

export interface Kill {
  /** Resolves with the kill's time (Date.now()) once the process is gone. */
  fired: Promise<number>
  /** Stops waiting (a step that never reached the point fails its test instead of hanging). */
  cancel: () => void
}

const POLL_MS = 5

/** Kills `role` while it waits for the lender's answer to the first request matching `match`. */
export function killAtLenderCall(
  shop: DistributedShop,
  role: Role,
  lender: string,
  match: FaultMatch,
  lenderActs: boolean,
  timeoutMs = 90_000,
): Kill {
  const fault = shop.sandbox.faults.add(lender, {
    kind: "no-response",
    phase: lenderActs ? "after" : "before",
    match,
  }) as { id: string }
  let cancelled = false
  const fired = (async () => {
    const deadline = Date.now() + timeoutMs
    // The history entry is written as the request is held; an after-phase one is marked handled
    // once the lender has made its change.
    const reached = () =>
      shop.sandbox.faults
        .history(lender)
        .some((applied) => applied.faultId === fault.id && (!lenderActs || applied.handledAt !== undefined))
    while (!reached()) {
      if (cancelled) throw new Error("kill cancelled")
      if (Date.now() > deadline)
        throw new Error(
          `${role} never called ${lender} ${match.method ?? ""} ${String(match.path)} within ${timeoutMs} ms`,
        )
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
    const at = Date.now()
    await shop.kill(role)
    return at
  })()
  fired.catch(() => undefined)
  return {
    fired,
    cancel: () => {
      cancelled = true
      shop.sandbox.faults.clear(lender)
    },
  }
}

/** Kills the server once it has answered the first `method` request to a path matching `path`. */
export function killAfterAnswer(shop: DistributedShop, method: string, path: RegExp, timeoutMs = 90_000): Kill {
  const proxy = shop.proxy
  if (!proxy) throw new Error("killAfterAnswer needs the shop started with { proxy: true }")
  let resolveAt: (at: number) => void
  const answered = new Promise<number>((resolve) => (resolveAt = resolve))
  proxy.arm({
    method,
    path,
    onAnswer: () => {
      const at = Date.now()
      // Synchronously, before the proxy drops the answer: nothing else runs in between.
      try {
        process.kill(shop.server.pid, "SIGKILL")
      } catch {
        // already gone
      }
      resolveAt(at)
    },
  })
  let timer: NodeJS.Timeout | undefined
  const fired = Promise.race([
    answered,
    new Promise<number>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the server never answered ${method} ${path} within ${timeoutMs} ms`)),
        timeoutMs,
      )
    }),
  ]).then(async (at) => {
    clearTimeout(timer)
    await shop.kill("server")
    return at
  })
  fired.catch(() => undefined)
  return {
    fired,
    cancel: () => {
      clearTimeout(timer)
      proxy.disarm()
    },
  }
}

/** Where one money-moving step can be killed: its lender call (made by `role`) and the request that starts it. */
export interface StepTarget {
  /** The process making the lender call: the server for routes, the worker for subscribers and webhook processing. */
  role: Role
  lender: string
  call: FaultMatch
  /** The Medusa request that starts the step (its answer is the "after Medusa's write" point; the server is killed). */
  answer: { method: string; path: RegExp }
}

/** Arms the kill for `point`; returns it and the process it kills. */
export function killAt(shop: DistributedShop, point: KillPoint, target: StepTarget): { kill: Kill; role: Role } {
  if (point === "after Medusa's write")
    return { kill: killAfterAnswer(shop, target.answer.method, target.answer.path), role: "server" }
  return {
    kill: killAtLenderCall(shop, target.role, target.lender, target.call, point === "lender acted"),
    role: target.role,
  }
}
