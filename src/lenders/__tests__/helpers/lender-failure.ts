import { isLenderError, type LenderError } from "../../errors"

/** The LenderError a call must fail with; any other outcome fails the test. */
export async function lenderFailure(call: Promise<unknown>): Promise<LenderError> {
  try {
    await call
  } catch (error) {
    if (isLenderError(error)) return error
    throw error
  }
  throw new Error("expected a LenderError")
}
