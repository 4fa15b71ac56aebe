// Payment Assist's response envelope (spec §2.1) and the errors the simulator answers with.
// Messages the public sources confirm are copied exactly ("Unauthorized", "Application is not
// awaiting capture", "Application is not yet completed"); the others are the sandbox's wording.
import type { Response } from "express"

export class PaError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly data: unknown = [],
  ) {
    super(message)
  }
}

export const invalid = (field: string, message: string) => new PaError(400, message, { field })

export function sendOk(res: Response, data: unknown): void {
  res.status(200).json({ status: "ok", msg: null, data })
}

export function sendError(res: Response, status: number, msg: string, data: unknown = []): void {
  res.status(status).json({ status: "error", msg, data })
}

export function sendPaError(res: Response, err: unknown): boolean {
  if (!(err instanceof PaError)) return false
  sendError(res, err.status, err.message, err.data)
  return true
}
