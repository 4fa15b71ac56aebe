// The FlexShopper provider's options, how they are checked at boot, and the one client per
// options object that the provider, routes and subscribers share.
import type { LenderLogger } from "../../lenders/http-types"
import { FLEXSHOPPER_PATH_ENV, FlexShopperClient, pathOverrideProblem } from "../../lenders/flexshopper"
import type { CaptureOn, FlexShopperPaths } from "../../lenders/flexshopper"
import { cachedClient } from "../../provider-kit"

export interface FlexShopperOptions {
  /** Server-to-server API key (FLEXSHOPPER_API_KEY). */
  apiKey: string
  /** PP3 modal key, public, goes in the SDK script URL (FLEXSHOPPER_AUTH_KEY). */
  authKey: string
  /** API host, e.g. https://apis.flexshopper.com (FLEXSHOPPER_BASE_URL). */
  baseUrl: string
  /** PP3 base; the script is `<sdkUrl>/sdk/js?authKey=…` (FLEXSHOPPER_SDK_URL). */
  sdkUrl: string
  /**
   * When Medusa captures (FLEXSHOPPER_CAPTURE_ON): "shipment" (default) as soon as FlexShopper accepts
   * a shipment (or in-store receipt) confirmation; "receipt" only once Medusa also records the
   * shipped goods as delivered. FlexShopper is told the same either way (shipment, or receipt in store).
   */
  captureOn?: CaptureOn
  backendUrl?: string
  /** Per-request deadline for FlexShopper calls (FLEXSHOPPER_TIMEOUT_MS; default 20000). */
  timeoutMs?: number
  /**
   * Overrides of the paths no public FlexShopper page shows (see FLEXSHOPPER_PATH_ENV), for a store
   * whose FlexShopper partner pack names them differently.
   */
  paths?: Partial<FlexShopperPaths>
}

/** Option → environment variable (src/providers/flexshopper/lender.ts reads them), for messages and the admin. */
export const FLEXSHOPPER_OPTION_ENV: Record<keyof FlexShopperOptions, string> = {
  apiKey: "FLEXSHOPPER_API_KEY",
  authKey: "FLEXSHOPPER_AUTH_KEY",
  baseUrl: "FLEXSHOPPER_BASE_URL",
  sdkUrl: "FLEXSHOPPER_SDK_URL",
  captureOn: "FLEXSHOPPER_CAPTURE_ON",
  backendUrl: "MEDUSA_BACKEND_URL",
  timeoutMs: "FLEXSHOPPER_TIMEOUT_MS",
  paths: `FLEXSHOPPER_*_PATH (${Object.values(FLEXSHOPPER_PATH_ENV).join(", ")})`,
}

export const FLEXSHOPPER_REQUIRED_OPTIONS = ["apiKey", "authKey", "baseUrl", "sdkUrl"] as const

const ENV = FLEXSHOPPER_OPTION_ENV

/** Every problem with the options, each naming the option and its env var. Empty when fine. */
export function flexShopperOptionProblems(input: Record<string, unknown> | undefined): string[] {
  const options = input ?? {}
  const problems: string[] = []
  const missing = new Set<string>()
  for (const key of FLEXSHOPPER_REQUIRED_OPTIONS) {
    if (typeof options[key] !== "string" || !(options[key] as string).trim()) {
      missing.add(key)
      problems.push(`FlexShopper: the "${key}" option is required (set ${ENV[key]}).`)
    }
  }
  for (const key of ["baseUrl", "sdkUrl"] as const) {
    if (missing.has(key)) continue
    try {
      new URL(options[key] as string)
    } catch {
      problems.push(`FlexShopper: the "${key}" option must be an absolute URL (check ${ENV[key]}).`)
    }
  }
  const timeout = options.timeoutMs
  if (timeout !== undefined && (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout <= 0)) {
    problems.push(
      `FlexShopper: the "timeoutMs" option must be a positive number of milliseconds (check ${ENV.timeoutMs}).`,
    )
  }
  if (options.captureOn !== undefined && options.captureOn !== "shipment" && options.captureOn !== "receipt") {
    problems.push(`FlexShopper: the "captureOn" option must be "shipment" or "receipt" (set ${ENV.captureOn}).`)
  }
  const paths = options.paths
  if (paths !== undefined && (paths === null || typeof paths !== "object" || Array.isArray(paths))) {
    problems.push(`FlexShopper: the "paths" option must be an object of path overrides.`)
    return problems
  }
  for (const [key, value] of Object.entries((paths ?? {}) as Record<string, unknown>)) {
    const envVar = FLEXSHOPPER_PATH_ENV[key as keyof FlexShopperPaths]
    if (!envVar) {
      problems.push(
        `FlexShopper: "paths.${key}" is not a path the plugin guesses (${Object.keys(FLEXSHOPPER_PATH_ENV).join(", ")}).`,
      )
      continue
    }
    const problem = pathOverrideProblem(value)
    if (problem) problems.push(`FlexShopper: the "paths.${key}" option ${problem} (check ${envVar}).`)
  }
  return problems
}

export function captureOnOf(options: Pick<FlexShopperOptions, "captureOn">): CaptureOn {
  return options.captureOn === "receipt" ? "receipt" : "shipment"
}

export function flexShopperClient(options: FlexShopperOptions, logger?: LenderLogger): FlexShopperClient {
  return cachedClient(
    options,
    "flexshopper",
    () =>
      new FlexShopperClient({
        apiKey: options.apiKey,
        baseUrl: options.baseUrl,
        timeoutMs: options.timeoutMs,
        paths: options.paths,
        logger,
      }),
  )
}

export function sdkScriptUrl(options: Pick<FlexShopperOptions, "sdkUrl" | "authKey">): string {
  return `${options.sdkUrl.replace(/\/+$/, "")}/sdk/js?authKey=${encodeURIComponent(options.authKey)}`
}
