// Test helpers: await a call that must fail and hand back what it threw, so a test can assert on
// the error's fields. A call that succeeds fails the test.
import { isLenderError, type LenderError } from "../../lenders/errors"

/** The error the call rejected with (any kind), typed for the assertions that follow. */
export async function rejectionOf<E = Error>(call: Promise<unknown>): Promise<E> {
  try {
    await call
  } catch (error) {
    return error as E
  }
  throw new Error("expected the call to fail")
}

/** Like rejectionOf, but anything other than a LenderError is rethrown (the test fails with it). */
export async function lenderRejection(call: Promise<unknown>): Promise<LenderError> {
  const error = await rejectionOf<unknown>(call)
  if (!isLenderError(error)) throw error
  return error
}
