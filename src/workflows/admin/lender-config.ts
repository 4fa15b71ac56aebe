// What the admin settings page says about each lender's configuration, without ever showing a
// credential: which required options are missing (names and the env var behind each), whether
// the lender is the sandbox or live, and the URLs to paste into the lender's dashboard.
import type { LenderSlug } from "../../lenders/slugs"
import type { LenderUrls } from "../../provider-kit/lender-definition"
import { lenderBySlug } from "../../providers/lenders"

export type { LenderUrls } from "../../provider-kit/lender-definition"

export function secretOptionValues(slug: LenderSlug, options: Record<string, unknown> | undefined): string[] {
  return lenderBySlug(slug)
    .secretOptions.map((name) => options?.[name])
    .filter((value): value is string => typeof value === "string" && value.length >= 4)
}

export interface MissingOption {
  option: string
  env: string | null
}

export function missingOptions(slug: LenderSlug, options: Record<string, unknown> | undefined): MissingOption[] {
  const { requiredOptions, optionEnv } = lenderBySlug(slug)
  return requiredOptions
    .filter((name) => {
      const value = options?.[name]
      return typeof value !== "string" || !value.trim()
    })
    .map((option) => ({ option, env: optionEnv[option] ?? null }))
}

export type LenderMode = "sandbox" | "live"

/** Scheme, host and path only: a base URL with user:password@ must not leak them. */
function publicUrl(url: string | undefined): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, "")}`
  } catch {
    return null
  }
}

/**
 * "sandbox" when the lender is the local sandbox (FINANCING_SANDBOX_URL) or one of the lender's
 * own test hosts; otherwise "live".
 */
export function lenderMode(
  slug: LenderSlug,
  options: Record<string, unknown>,
  sandboxUrl?: string,
): { mode: LenderMode; base_url: string | null } {
  const base = lenderBySlug(slug).baseUrlOf(options)
  const url = publicUrl(base)
  const local = Boolean(sandboxUrl && base && base.replace(/\/+$/, "").startsWith(sandboxUrl.replace(/\/+$/, "")))
  let host = ""
  try {
    host = base ? new URL(base).hostname : ""
  } catch {
    host = ""
  }
  const testHost = /(^|[.-])(sandbox|staging|stg|demo|test|dev)([.-]|$)|^localhost$|^127\.|^\[::1\]$/i.test(host)
  return { mode: local || testHost ? "sandbox" : "live", base_url: url }
}

export function lenderUrls(
  slug: LenderSlug,
  options: Record<string, unknown> | undefined,
  fallbackBackendUrl: string,
): LenderUrls {
  return lenderBySlug(slug).callbackUrls(options, fallbackBackendUrl)
}
