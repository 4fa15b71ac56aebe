import { CONNECT_TIMEOUT_CODE } from "./http-agent"
import { NOT_SENT_NETWORK_CODES, TRANSIENT_NETWORK_CODES } from "./http-retry"

/**
 * Turns whatever the transport / Node threw into a small, safe description. Only error CODES
 * are kept: raw messages can embed URLs with credentials.
 */
export interface TransportFailure {
  kind: "network" | "timeout"
  code: string
  description: string
  /** Another attempt might succeed. */
  transient: boolean
  /** The lender certainly never received the request. */
  notSent: boolean
}

function errorCode(err: unknown): string | undefined {
  let current: unknown = err
  // Wrappers keep Node's error in `cause`; Node's happy-eyeballs wraps several in an AggregateError.
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const candidate = current as { code?: unknown; cause?: unknown; errors?: unknown[] }
    if (typeof candidate.code === "string") {
      return candidate.code
    }
    current = candidate.cause ?? (Array.isArray(candidate.errors) ? candidate.errors[0] : undefined)
  }
  // Some wrappers drop Node's code but keep its well-known message.
  const message = err instanceof Error ? err.message : ""
  return /socket hang up/i.test(message) ? "ECONNRESET" : undefined
}

function isTlsCode(code: string): boolean {
  return (
    code.startsWith("ERR_SSL_") ||
    code.startsWith("ERR_TLS_") ||
    code.startsWith("CERT_") ||
    code.includes("SELF_SIGNED") ||
    code.startsWith("UNABLE_TO_") ||
    code === "EPROTO"
  )
}

export function classifyTransportError(
  err: unknown,
  context: { timedOut: boolean; timeoutMs: number; connectTimeoutMs: number },
): TransportFailure {
  if (context.timedOut) {
    return {
      kind: "timeout",
      code: "RESPONSE_TIMEOUT",
      description: `no complete response within ${context.timeoutMs} ms`,
      transient: true,
      notSent: false,
    }
  }
  const code = errorCode(err) ?? "UNKNOWN"
  if (code === CONNECT_TIMEOUT_CODE) {
    return {
      kind: "timeout",
      code,
      description: `could not connect within ${context.connectTimeoutMs} ms`,
      transient: true,
      notSent: true,
    }
  }
  if (isTlsCode(code)) {
    // Certificate / handshake problems are configuration, not weather: don't hammer.
    return {
      kind: "network",
      code,
      description: `TLS handshake failed (${code})`,
      transient: false,
      notSent: true,
    }
  }
  if (code === "ENOTFOUND") {
    const description = "host not found (ENOTFOUND)"
    return { kind: "network", code, description, transient: false, notSent: true }
  }
  return {
    kind: "network",
    code,
    description: `network error (${code})`,
    transient: TRANSIENT_NETWORK_CODES.has(code),
    notSent: NOT_SENT_NETWORK_CODES.has(code),
  }
}
