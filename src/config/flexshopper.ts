// FlexShopper provider options from the environment. Included when FLEXSHOPPER_API_KEY is set (a
// real merchant), or when FINANCING_SANDBOX_URL points at the local sandbox (then the sandbox's
// built-in merchant keys are used unless FLEXSHOPPER_* overrides them).
import {
  FLEXSHOPPER_SANDBOX_API_KEY,
  FLEXSHOPPER_SANDBOX_AUTH_KEY,
} from "../sandbox/flexshopper/credentials"
import { FLEXSHOPPER_PATH_ENV } from "../lenders/flexshopper/client"
import type { LenderOptionsReader } from "./types"

/** FlexShopper's own sandbox hosts: a real API key without FLEXSHOPPER_BASE_URL never hits production by accident. */
const FLEXSHOPPER_REMOTE_SANDBOX_API = "https://apis.sandbox.flexshopper.com"
const FLEXSHOPPER_REMOTE_SANDBOX_SDK = "https://pp3.sandbox.flexshopper.com"

export const readFlexshopperOptions: LenderOptionsReader = (env, backendUrl) => {
  const apiKey = env.FLEXSHOPPER_API_KEY
  const sandbox = env.FINANCING_SANDBOX_URL?.replace(/\/+$/, "")
  if (!apiKey && !sandbox) return undefined
  const local = !apiKey
  return {
    apiKey: apiKey ?? FLEXSHOPPER_SANDBOX_API_KEY,
    authKey: env.FLEXSHOPPER_AUTH_KEY ?? (local ? FLEXSHOPPER_SANDBOX_AUTH_KEY : undefined),
    baseUrl: env.FLEXSHOPPER_BASE_URL ?? (local ? `${sandbox}/flexshopper` : FLEXSHOPPER_REMOTE_SANDBOX_API),
    sdkUrl: env.FLEXSHOPPER_SDK_URL ?? (local ? `${sandbox}/flexshopper/pp3` : FLEXSHOPPER_REMOTE_SANDBOX_SDK),
    captureOn: env.FLEXSHOPPER_CAPTURE_ON ?? "shipment",
    backendUrl,
    ...(env.FLEXSHOPPER_TIMEOUT_MS?.trim() ? { timeoutMs: Number(env.FLEXSHOPPER_TIMEOUT_MS) } : {}),
    ...pathsFrom(env),
  }
}

/** Overrides of the paths no public FlexShopper page shows (provider option `paths`). */
function pathsFrom(env: Record<string, string | undefined>): { paths?: Record<string, string> } {
  const paths = Object.fromEntries(
    Object.entries(FLEXSHOPPER_PATH_ENV)
      .map(([key, name]) => [key, env[name]?.trim()] as const)
      .filter((entry): entry is readonly [string, string] => Boolean(entry[1]))
  )
  return Object.keys(paths).length ? { paths } : {}
}
