// Which Payment Assist host a secret belongs to (spec §1): the secret's prefix names the
// environment, so a demo secret can never be sent to the live API by a missing setting.
export const PAYMENT_ASSIST_LIVE_URL = "https://api.v1.payment-assist.co.uk"
export const PAYMENT_ASSIST_DEMO_URL = "https://api.demo.payassi.st"

export type PaymentAssistEnvironment = "live" | "demo" | "dev" | "unknown"

export function environmentOfSecret(secret: string): PaymentAssistEnvironment {
  if (secret.startsWith("prod_")) return "live"
  if (secret.startsWith("demo_")) return "demo"
  if (secret.startsWith("dev_")) return "dev"
  return "unknown"
}

/** The host for the secret, or undefined when its prefix names no public host (dev_, unknown). */
export function defaultBaseUrlForSecret(secret: string): string | undefined {
  const env = environmentOfSecret(secret)
  return env === "live" ? PAYMENT_ASSIST_LIVE_URL : env === "demo" ? PAYMENT_ASSIST_DEMO_URL : undefined
}

/**
 * Refuses the combinations that send credentials to the wrong place: a demo secret against
 * the live host and a live secret against the demo host. Other hosts (regional hosts, a
 * sandbox, a proxy) are the operator's call. Returns a message, or undefined when fine.
 */
export function baseUrlMismatch(secret: string, baseUrl: string): string | undefined {
  const env = environmentOfSecret(secret)
  const host = safeHost(baseUrl)
  if (env === "demo" && host === safeHost(PAYMENT_ASSIST_LIVE_URL)) {
    return "a demo_ secret cannot be used with the live Payment Assist API"
  }
  if (env === "live" && host === safeHost(PAYMENT_ASSIST_DEMO_URL)) {
    return "a prod_ secret cannot be used with the Payment Assist demo API"
  }
  return undefined
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).host
  } catch {
    return undefined
  }
}
