// The sandbox dealer's credentials. The simulator accepts PAYMENT_ASSIST_API_KEY /
// PAYMENT_ASSIST_API_SECRET when set, otherwise these; the plugin's env reader falls back to the
// same constants when FINANCING_SANDBOX_URL is set without credentials, so both sides agree.
// Shaped like real ones (spec §1): a 16-character lower-case key, and a `demo_` secret so the
// secret-prefix rule treats it as a test credential.
export const PAYMENT_ASSIST_SANDBOX_API_KEY = "demosandboxkey01"
export const PAYMENT_ASSIST_SANDBOX_SECRET = "demo_SandboxSecretNotForProd0001"

export interface PaymentAssistCredentials {
  apiKey: string
  secret: string
}

export function sandboxCredentials(env: Readonly<Record<string, string | undefined>>): PaymentAssistCredentials {
  return {
    apiKey: env.PAYMENT_ASSIST_API_KEY || PAYMENT_ASSIST_SANDBOX_API_KEY,
    secret: env.PAYMENT_ASSIST_API_SECRET || PAYMENT_ASSIST_SANDBOX_SECRET,
  }
}
