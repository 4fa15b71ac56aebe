// FlexShopper, as the plugin's registry (src/providers/lenders.ts) knows it: ids, options and
// their environment variables, boot checks, the client and the admin's connection test.
//
// Options from the environment: included when FLEXSHOPPER_API_KEY is set (a real merchant), or
// when FINANCING_SANDBOX_URL points at the local sandbox (then the sandbox's built-in merchant
// keys are used unless FLEXSHOPPER_* overrides them).
import { FLEXSHOPPER_NAME, FLEXSHOPPER_PATH_ENV, type FlexShopperClient } from "../../lenders/flexshopper"
import { checkFlexShopperConnection } from "../../lenders/flexshopper/connection"
import {
  dataText,
  lenderIds,
  optionBaseUrl,
  throwOptionProblems,
  type LenderDefinition,
  type LenderEnv,
} from "../../provider-kit/lender-definition"
import { FLEXSHOPPER_SANDBOX_API_KEY, FLEXSHOPPER_SANDBOX_AUTH_KEY } from "../../lenders/sandbox-credentials"
import {
  FLEXSHOPPER_OPTION_ENV,
  FLEXSHOPPER_REQUIRED_OPTIONS,
  captureOnOf,
  flexShopperClient,
  flexShopperOptionProblems,
  type FlexShopperOptions,
} from "./options"

/** FlexShopper's own sandbox hosts: a real API key without FLEXSHOPPER_BASE_URL never hits production by accident. */
const FLEXSHOPPER_REMOTE_SANDBOX_API = "https://apis.sandbox.flexshopper.com"
const FLEXSHOPPER_REMOTE_SANDBOX_SDK = "https://pp3.sandbox.flexshopper.com"

const ENV = FLEXSHOPPER_OPTION_ENV

export function readFlexshopperOptions(env: LenderEnv, backendUrl: string): Record<string, unknown> | undefined {
  const apiKey = env[ENV.apiKey]
  const sandbox = env.FINANCING_SANDBOX_URL?.replace(/\/+$/, "")
  if (!apiKey && !sandbox) return undefined
  const local = !apiKey
  return {
    apiKey: apiKey ?? FLEXSHOPPER_SANDBOX_API_KEY,
    authKey: env[ENV.authKey] ?? (local ? FLEXSHOPPER_SANDBOX_AUTH_KEY : undefined),
    baseUrl: env[ENV.baseUrl] ?? (local ? `${sandbox}/flexshopper` : FLEXSHOPPER_REMOTE_SANDBOX_API),
    sdkUrl: env[ENV.sdkUrl] ?? (local ? `${sandbox}/flexshopper/pp3` : FLEXSHOPPER_REMOTE_SANDBOX_SDK),
    captureOn: env[ENV.captureOn] ?? "shipment",
    backendUrl,
    ...(env[ENV.timeoutMs]?.trim() ? { timeoutMs: Number(env[ENV.timeoutMs]) } : {}),
    ...pathsFrom(env),
  }
}

/** Overrides of the paths no public FlexShopper page shows (provider option `paths`). */
function pathsFrom(env: LenderEnv): { paths?: Record<string, string> } {
  const paths = Object.fromEntries(
    Object.entries(FLEXSHOPPER_PATH_ENV)
      .map(([key, name]) => [key, env[name]?.trim()] as const)
      .filter((entry): entry is readonly [string, string] => Boolean(entry[1])),
  )
  return Object.keys(paths).length ? { paths } : {}
}

export const flexShopperLender: LenderDefinition<FlexShopperOptions, FlexShopperClient> = {
  ...lenderIds("flexshopper"),
  name: FLEXSHOPPER_NAME,
  currencies: ["usd"],
  markets: ["us"],
  optionEnv: FLEXSHOPPER_OPTION_ENV,
  requiredOptions: FLEXSHOPPER_REQUIRED_OPTIONS,
  secretOptions: ["apiKey"],
  adminCredentials: ["apiKey", "authKey", "baseUrl", "sdkUrl"],
  optionProblems: flexShopperOptionProblems,
  validateOptions(options) {
    throwOptionProblems(flexShopperOptionProblems(options), "\n")
  },
  readOptionsFromEnv: readFlexshopperOptions,
  clientFor: (options, logger) => flexShopperClient(options, logger),
  testConnection: (options, logger) => checkFlexShopperConnection(flexShopperClient(options, logger)),
  retryableOperations: ["ship-confirm", "receipt-confirm", "capture", "return", "credit"],
  baseUrlOf: optionBaseUrl,
  // The lease is signed in FlexShopper's modal on the storefront; FlexShopper calls nothing back.
  callbackUrls: () => ({ webhook: null, return: null, other: [] }),
  adminReferences: (data) => ({
    transaction_id: dataText(data, "transaction_id"),
    lease_number: dataText(data, "lease_number"),
    loan_number: dataText(data, "loan_number"),
    lease_status: dataText(data, "lease_status"),
  }),
  statusWordOf: (data) => dataText(data, "lease_status") ?? dataText(data, "status"),
  // The provider records each capture FlexShopper's transaction confirmed (shipped or delivered
  // lines), and each credit or cancellation of items the lease took back.
  confirmedBy: { captured: ["capture"], refunded: ["credit", "cancel-items"] },
  captureChoices: {
    option: "captureOn",
    choices: [
      { value: "shipment", label: "When FlexShopper is told of the shipment" },
      { value: "receipt", label: "When the goods are delivered" },
    ],
    fromOptions: (options) => captureOnOf((options ?? {}) as Pick<FlexShopperOptions, "captureOn">),
    applyTo: (options, value) => ({ ...options, captureOn: value }),
  },
}
