// A readable message from whatever was thrown. Errors from workflow runs may come from another
// realm or be plain objects, so the message is read by shape, not by `instanceof Error`.
export function messageOf(error: unknown, fallback = "unknown error"): string {
  const message = (error as { message?: unknown } | null | undefined)?.message
  if (typeof message === "string" && message) return message
  return typeof error === "string" && error ? error : fallback
}
