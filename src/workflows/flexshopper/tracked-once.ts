// FlexShopper's binding of the durable-operation engine (provider-kit/durable-operation.ts):
// confirmations, captures, returns, credits and cancel retries happen once per business event,
// and a failed one is retried by the reconcile job under FLEXSHOPPER_RETRY.
import type { FinancingLog } from "../../modules/financing/types"
import { FLEXSHOPPER_NAME } from "../../lenders/flexshopper"
import {
  trackedOnce as durableOnce,
  type DurableLender,
  type OnceInput,
  type OnceOutcome,
  type RetryPolicy,
} from "../../provider-kit/durable-operation"
import { FLEXSHOPPER, FLEXSHOPPER_PROVIDER_ID } from "../../providers/flexshopper/session-data"

export type { OnceInput, OnceOutcome } from "../../provider-kit/durable-operation"

/** 8 attempts, 1 minute after the first failure, doubling (no cap). */
export const FLEXSHOPPER_RETRY: RetryPolicy = { maxAttempts: 8, baseMs: 60_000, maxMs: Infinity }

export const FLEXSHOPPER_DURABLE: DurableLender = {
  lender: FLEXSHOPPER,
  provider_id: FLEXSHOPPER_PROVIDER_ID,
  lenderName: FLEXSHOPPER_NAME,
  currency_code: "usd",
  policy: FLEXSHOPPER_RETRY,
}

export function trackedOnce(
  log: FinancingLog,
  input: OnceInput,
  call: () => Promise<unknown>,
  alreadyApplied?: () => Promise<boolean>,
): Promise<OnceOutcome> {
  return durableOnce(log, FLEXSHOPPER_DURABLE, input, call, alreadyApplied)
}
