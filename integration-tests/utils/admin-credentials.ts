// Credential values the tests type into Settings → Financing. No answer, log line or error may
// hold them (integration-tests/logscan lists them with the configured ones).
export const ADMIN_ENTERED_PA_KEY_REFUSED = "live-key-that-the-sandbox-refuses-7f3a"
export const ADMIN_ENTERED_PA_KEY_IN_BROWSER = "pa-live-key-typed-in-the-admin-91c2"
