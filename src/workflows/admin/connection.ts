// "Test connection" behind the admin settings page: one harmless authenticated call per lender
// (see src/lenders/<slug>/connection.ts), timed, with any failure turned into a sentence an
// operator can act on. Credentials never appear in the answer, even if a lender echoed them.
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { isLenderError, type LenderError } from "../../lenders/errors"
import type { LenderSlug } from "../../lenders/slugs"
import { lenderBySlug } from "../../providers/lenders"
import { secretOptionValues } from "./lender-config"

export interface ConnectionResult {
  ok: boolean
  latency_ms: number
  detail: string
}

/** What went wrong, in words; the lender's own message is kept (the HTTP layer already redacted it). */
export function describeConnectionFailure(slug: LenderSlug, error: unknown): string {
  const { name } = lenderBySlug(slug)
  if (!isLenderError(error))
    return `${name}: the connection test failed (${error instanceof Error ? error.message : "unexpected error"}).`
  const e = error as LenderError
  if (e.kind === "timeout") return `${name} did not answer in time: ${e.message}`
  if (e.kind === "network") return `${name} could not be reached (check the base URL and the network): ${e.message}`
  if (e.kind === "config") return `${name} is misconfigured: ${e.message}`
  if (e.httpStatus === 401 || e.httpStatus === 403) return `${name} refused the credentials: ${e.message}`
  return e.message
}

/** The text with every credential value replaced (a lender may echo a key in its error message). */
export function withoutSecrets(text: string, secrets: string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join("[redacted]"), text)
}

export async function testLenderConnection(
  container: Pick<MedusaContainer, "resolve">,
  slug: LenderSlug,
  options: Record<string, unknown>,
): Promise<ConnectionResult> {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const started = process.hrtime.bigint()
  const elapsed = () => Number((process.hrtime.bigint() - started) / 1_000_000n)
  const secrets = secretOptionValues(slug, options)
  try {
    const detail = await lenderBySlug(slug).testConnection(options, logger)
    return { ok: true, latency_ms: elapsed(), detail: withoutSecrets(detail, secrets) }
  } catch (error) {
    return { ok: false, latency_ms: elapsed(), detail: withoutSecrets(describeConnectionFailure(slug, error), secrets) }
  }
}
