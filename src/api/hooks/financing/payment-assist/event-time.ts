// Payment Assist's webhook event_time is "the original event time" in PHP's `Y-m-d H:i:s T`
// (e.g. "2020-09-10 14:31:05 UTC"); retries keep it. With the signature binding it (json
// scheme), it dates the event, so a delivery far older than any retry is a replay.

const ZONES: Record<string, string> = { UTC: "Z", GMT: "Z", Z: "Z", BST: "+01:00" }
const FORMAT = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\s*([A-Z]{1,4}|[+-]\d{2}:?\d{2}))?$/

/** Milliseconds since the epoch, or undefined for a format this does not know. */
export function parseEventTime(value: string): number | undefined {
  const match = FORMAT.exec(value.trim())
  if (!match) return undefined
  const [, day, time, zone] = match
  const offset =
    zone === undefined
      ? "Z"
      : (ZONES[zone] ?? (/^[+-]/.test(zone) ? zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2") : undefined))
  if (!offset) return undefined
  const ms = Date.parse(`${day}T${time}${offset}`)
  return Number.isNaN(ms) ? undefined : ms
}

/**
 * Our invention, not Payment Assist's (no document mentions a replay window; listed in
 * docs/lenders/payment-assist.md's assumptions): Payment Assist retries 3 times within minutes,
 * and a day covers a store that was down for hours.
 */
export const MAX_EVENT_AGE_MS = 24 * 60 * 60 * 1000

/**
 * True when the event is older than the window. An unknown format is not "stale": the signature
 * still proves Payment Assist sent it, and the delivery key stops a replay of it anyway.
 */
export function isStaleEvent(eventTime: string, now = Date.now()): boolean {
  const at = parseEventTime(eventTime)
  return at !== undefined && now - at > MAX_EVENT_AGE_MS
}
