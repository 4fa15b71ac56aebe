// Built-in merchant credentials of the FlexShopper sandbox. The plugin's env reader
// (src/config/flexshopper.ts) uses the same constants when FINANCING_SANDBOX_URL is set and the
// FLEXSHOPPER_* variables are not, so a store pointed at the sandbox works with no setup.
// They are sandbox-only values: they open nothing at the real FlexShopper.

/** The default merchant's server-to-server API key (`Authorization: <key>`). */
export const FLEXSHOPPER_SANDBOX_API_KEY = "fs-sandbox-api-7c1e9a4d2b6f4e08"
/** The default merchant's PP3 modal key (`…/sdk/js?authKey=<key>`): a different credential. */
export const FLEXSHOPPER_SANDBOX_AUTH_KEY = "fs-sandbox-auth-3f8b0d6e1a9c4c57"
/** A second merchant, for tests of the customer-token ⇄ API-key binding. */
export const FLEXSHOPPER_SANDBOX_OTHER_API_KEY = "fs-sandbox-api-other-5d2a8c1f7e3b9a60"
export const FLEXSHOPPER_SANDBOX_OTHER_AUTH_KEY = "fs-sandbox-auth-other-9e4c2a7b5d1f3e82"
/** The default merchant's minimum order value in dollars (`GET /v3/settings/lease`). */
export const FLEXSHOPPER_SANDBOX_MINIMUM_ORDER_VALUE = 100
