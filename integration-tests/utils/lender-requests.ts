// Counts the lender round trips one step makes, from the sandbox's request log.
import type { SandboxHandle } from "../../packages/sandbox/src"
import type { SeenRequest } from "../../packages/sandbox/src/faults"

/** Runs `step` and returns its result with the requests `lender` received meanwhile. */
export async function lenderRequestsDuring<T>(
  sandbox: SandboxHandle,
  lender: string,
  step: () => Promise<T>,
): Promise<{ result: T; requests: SeenRequest[] }> {
  const mark = sandbox.faults.requests().at(-1)?.seq ?? 0
  const result = await step()
  return { result, requests: sandbox.faults.requests(lender).filter((r) => r.seq > mark) }
}

/** "METHOD /path" of each request, for readable assertions. */
export const routesOf = (requests: SeenRequest[]) => requests.map((r) => `${r.method} ${r.path}`)
