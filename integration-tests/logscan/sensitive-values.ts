// What no log line may hold: every lender credential the test runs configure (the sandbox's
// built-in merchants), and the personal data the tests' shoppers type. Patterns catch the same
// kinds of value when a test uses one not listed here.
import {
  NEWDAY_SANDBOX_CREDENTIALS,
  NEWDAY_SANDBOX_FULL_ONLY_MERCHANT,
} from "../../packages/sandbox/src/newday/credentials"
import {
  FLEXSHOPPER_SANDBOX_API_KEY,
  FLEXSHOPPER_SANDBOX_AUTH_KEY,
  FLEXSHOPPER_SANDBOX_OTHER_API_KEY,
  FLEXSHOPPER_SANDBOX_OTHER_AUTH_KEY,
} from "../../packages/sandbox/src/flexshopper/credentials"
import {
  PAYMENT_ASSIST_SANDBOX_API_KEY,
  PAYMENT_ASSIST_SANDBOX_SECRET,
} from "../../packages/sandbox/src/payment-assist/credentials"
import {
  VAULT_SANDBOX_CHECKOUT_SECRET_KEY,
  VAULT_SANDBOX_PASSWORD,
  VAULT_SANDBOX_WEBHOOK_SECRET,
} from "../../packages/sandbox/src/vault/credentials"
import { BANK } from "../flexshopper/helpers"
import { ADMIN_ENTERED_PA_KEY_IN_BROWSER, ADMIN_ENTERED_PA_KEY_REFUSED } from "../utils/admin-credentials"

export interface Sensitive {
  kind: string
  value: string
}

export const SENSITIVE_VALUES: Sensitive[] = [
  { kind: "Payment Assist API secret", value: PAYMENT_ASSIST_SANDBOX_SECRET },
  { kind: "Payment Assist API key", value: PAYMENT_ASSIST_SANDBOX_API_KEY },
  { kind: "FlexShopper API key", value: FLEXSHOPPER_SANDBOX_API_KEY },
  { kind: "FlexShopper auth key", value: FLEXSHOPPER_SANDBOX_AUTH_KEY },
  { kind: "FlexShopper API key (second vendor)", value: FLEXSHOPPER_SANDBOX_OTHER_API_KEY },
  { kind: "FlexShopper auth key (second vendor)", value: FLEXSHOPPER_SANDBOX_OTHER_AUTH_KEY },
  { kind: "NewDay subscription key", value: NEWDAY_SANDBOX_CREDENTIALS.subscriptionKey },
  { kind: "NewDay subscription key (full-only merchant)", value: NEWDAY_SANDBOX_FULL_ONLY_MERCHANT.subscriptionKey },
  { kind: "Vault webhook secret", value: VAULT_SANDBOX_WEBHOOK_SECRET },
  { kind: "Checkout.com secret key", value: VAULT_SANDBOX_CHECKOUT_SECRET_KEY },
  { kind: "Vault shopper password", value: VAULT_SANDBOX_PASSWORD },
  { kind: "Payment Assist API key entered in the admin", value: ADMIN_ENTERED_PA_KEY_REFUSED },
  { kind: "Payment Assist API key entered in the admin", value: ADMIN_ENTERED_PA_KEY_IN_BROWSER },
  // integration-tests/flexshopper/helpers.ts (applicant), reliability/fuzz/routes.ts (fuzz bodies)
  { kind: "bank account number", value: BANK.account_number },
  { kind: "date of birth", value: "1988-06-15" },
  { kind: "date of birth", value: "1980-02-03" },
  { kind: "FlexShopper shopper password", value: "sandbox-password" },
  { kind: "Vault shopper password", value: "vault-password-1" },
  { kind: "shopper password", value: "correct-horse-battery" },
]

export const SENSITIVE_PATTERNS: Array<{ kind: string; pattern: RegExp }> = [
  // Every SSN the tests and the sandbox's identities use is in the 666 area, never issued.
  { kind: "SSN", pattern: /\b666-?\d{2}-?\d{4}\b/ },
  // A personal field written out in JSON with a value that is not masked ("***", "[redacted]").
  {
    kind: "unmasked personal field",
    pattern: /"(ssn|password|date_of_birth|dob|account_number|bank_account_number)"\s*:\s*"[^"*[<]/i,
  },
  // A bearer token (lender access tokens, customer tokens) as it goes in an Authorization header.
  { kind: "bearer token", pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{16,}/ },
]
