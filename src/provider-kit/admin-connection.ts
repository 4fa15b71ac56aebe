// "Test connection" behind the admin settings page: one harmless authenticated call per lender
// (see src/lenders/<slug>/connection.ts), timed, with any failure turned into a sentence an
// operator can act on. Credentials never appear in the answer, even if a lender echoed them.
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { isLenderError, type LenderError } from "../lenders/errors"
import { checkFlexShopperConnection } from "../lenders/flexshopper/connection"
import { checkNewDayConnection } from "../lenders/newday/connection"
import { checkPaymentAssistConnection } from "../lenders/payment-assist/connection"
import { LENDER_NAMES, type LenderSlug } from "../lenders/slugs"
import { checkVaultConnection } from "../lenders/vault/connection"
import { flexShopperClient, type FlexShopperOptions } from "../providers/flexshopper/options"
import { newDayClientFor, type NewDayProviderOptions } from "../providers/newday/options"
import { paymentAssistClient, type PaymentAssistOptions } from "../providers/payment-assist/options"
import { vaultClientFor } from "../providers/vault/client-factory"
import type { VaultProviderOptions } from "../providers/vault/options"
import { secretOptionValues } from "./admin-lender-config"

export interface ConnectionResult {
  ok: boolean
  latency_ms: number
  detail: string
}

type Check = (options: Record<string, unknown>, logger: Logger) => Promise<string>

const CHECKS: Record<LenderSlug, Check> = {
  "payment-assist": (o) => checkPaymentAssistConnection(paymentAssistClient(o as unknown as PaymentAssistOptions)),
  flexshopper: (o, logger) => checkFlexShopperConnection(flexShopperClient(o as unknown as FlexShopperOptions, logger)),
  newday: (o, logger) => checkNewDayConnection(newDayClientFor(o as unknown as NewDayProviderOptions, logger)),
  vault: (o, logger) => checkVaultConnection(vaultClientFor(o as unknown as VaultProviderOptions, logger)),
}

/** What went wrong, in words; the lender's own message is kept (the HTTP layer already redacted it). */
export function describeConnectionFailure(slug: LenderSlug, error: unknown): string {
  const name = LENDER_NAMES[slug]
  if (!isLenderError(error)) return `${name}: the connection test failed (${error instanceof Error ? error.message : "unexpected error"}).`
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
  options: Record<string, unknown>
): Promise<ConnectionResult> {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const started = process.hrtime.bigint()
  const elapsed = () => Number((process.hrtime.bigint() - started) / 1_000_000n)
  const secrets = secretOptionValues(slug, options)
  try {
    const detail = await CHECKS[slug](options, logger)
    return { ok: true, latency_ms: elapsed(), detail: withoutSecrets(detail, secrets) }
  } catch (error) {
    return { ok: false, latency_ms: elapsed(), detail: withoutSecrets(describeConnectionFailure(slug, error), secrets) }
  }
}
