/**
 * Which field / header / query-parameter names hold secrets or personal data that must never
 * reach a log line or an error message. Names are compared after `normalizeKey`, so one
 * entry covers `dateOfBirth`, `date_of_birth` and `Date-Of-Birth`.
 */

export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, "")
}

/**
 * Exact names. Deliberately NOT here:
 * - `key`: too generic (`{ key: "colour", value: "red" }`, `idempotency-key`); the real
 *   secrets arrive as `api_key`, `x-api-key`, `secret_key`, … which the suffixes catch.
 * - `code`: error codes, currency codes and postcodes are what make a log useful. One-time
 *   codes travel under specific names (`otp`, `sca_code`, `verification_code`, …) listed
 *   below; a client with a different name adds it through `redact.fields`.
 */
const EXACT = [
  // credentials
  "authorization",
  "proxyauthorization",
  "cookie",
  "setcookie",
  "credentials",
  "pin",
  "pan",
  // one-time codes (SCA / SMS / KBA)
  "otp",
  "onetimecode",
  "onetimepassword",
  "verificationcode",
  "smscode",
  "scacode",
  "authcode",
  "authorizationcode",
  "securitycode",
  "answers",
  "securityanswer",
  // identity documents
  "socialsecuritynumber",
  "ssnlast4",
  "nationalinsurancenumber",
  "nino",
  "taxid",
  "driverslicense",
  "driverslicensenumber",
  "passportnumber",
  // dates of birth
  "birthday",
  // bank & card
  "bankaccount",
  "bankaccountnumber",
]

/** Any name ending in one of these (covers `client_secret`, `x-api-key`, `sca-token`, …). */
const SUFFIXES = [
  "apikey",
  "secret",
  "secretkey",
  "privatekey",
  "accesskey",
  "subscriptionkey",
  "password",
  "passwd",
  "passphrase",
  "passcode",
  "token",
  "signature",
  "ssn",
  "dob",
  "dateofbirth",
  "birthdate",
  "accountnumber",
  "routingnumber",
  "sortcode",
  "iban",
  "cardnumber",
  "cvv",
  "cvv2",
  "cvc",
  "income",
]

export const DEFAULT_SENSITIVE_HEADERS = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "api-key",
  "customer-token",
  "customer-access-token",
  "sca-token",
  "ocp-apim-subscription-key",
  "cko-signature",
  "x-signature",
]

export function createSensitiveKeyMatcher(extra: readonly string[]): (key: string) => boolean {
  const exact = new Set<string>([...EXACT, ...DEFAULT_SENSITIVE_HEADERS, ...extra].map(normalizeKey))
  exact.delete("")
  return (key: string) => {
    const normalized = normalizeKey(key)
    if (exact.has(normalized)) {
      return true
    }
    return SUFFIXES.some((suffix) => normalized.endsWith(suffix))
  }
}
