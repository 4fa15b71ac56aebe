// Plumbing shared by the FlexShopper store routes: options and client, the shopper's cart, and the
// customer token — which lives only in the financing module's encrypted secrets, scoped to the
// cart, never in a response, session data or log.
import type { MedusaRequest } from "@medusajs/framework/http"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import {
  FLEXSHOPPER_NAME,
  apiKeyIdOf,
  type CustomerToken,
  type FlexShopperClient,
  type FsUserInfo,
} from "../../../../lenders/flexshopper"
import { FINANCING_MODULE } from "../../../../modules/financing/constants"
import type { FinancingLog } from "../../../../modules/financing/types"
import { rememberTurnedAway } from "../../../../provider-kit/turned-away"
import {
  loadFinancingCart,
  lenderOptions,
  trackLenderOperation,
  type FinancingCart,
  type TrackedOperation,
} from "../../../../provider-kit"
import { flexShopperClient, type FlexShopperOptions } from "../../../../providers/flexshopper/options"
import { flexShopperLender } from "../../../../providers/flexshopper/lender"
import {
  FLEXSHOPPER,
  FLEXSHOPPER_PROVIDER_ID,
  SECRET,
  type CustomerSecret,
} from "../../../../providers/flexshopper/session-data"

const CUSTOMER_TOKEN_TTL_MS = 2 * 60 * 60 * 1000

export interface FlexRequestContext {
  options: FlexShopperOptions
  client: FlexShopperClient
  financing: FinancingLog
  logger?: Logger
  customerId?: string
}

export async function flexContext(req: MedusaRequest): Promise<FlexRequestContext> {
  const options = await lenderOptions<FlexShopperOptions>(req.scope, flexShopperLender)
  const logger = req.scope.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  return {
    options,
    client: flexShopperClient(options, logger),
    financing: req.scope.resolve<FinancingLog>(FINANCING_MODULE),
    logger,
    customerId: (req as MedusaRequest & { auth_context?: { actor_id?: string } }).auth_context?.actor_id || undefined,
  }
}

/**
 * The cart, server-side; a registered customer's cart needs that customer's session. FlexShopper
 * leases only to the US in dollars, so every route but /options (which explains eligibility)
 * refuses another market's cart before FlexShopper is asked anything.
 */
export async function loadCart(
  req: MedusaRequest,
  ctx: FlexRequestContext,
  cartId: string,
  opts: { anyMarket?: boolean } = {},
): Promise<FinancingCart> {
  const cart = await loadFinancingCart(req.scope, cartId, { customerId: ctx.customerId })
  if (!opts.anyMarket) requireUsMarket(cart)
  return cart
}

export function requireUsMarket(
  cart: Pick<FinancingCart, "currency_code" | "shipping_address" | "billing_address">,
): void {
  const currency = cart.currency_code?.toLowerCase()
  if (currency !== "usd") {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `FlexShopper: cart_id — FlexShopper leases are only available in US dollars; this cart is in ${(currency ?? "no currency").toUpperCase().slice(0, 3)}.`,
    )
  }
  const country = (cart.shipping_address ?? cart.billing_address)?.country_code?.toLowerCase()
  if (country && country !== "us") {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "FlexShopper: cart_id — FlexShopper leases are only available for US addresses; this cart's address is outside the US.",
    )
  }
}

/** A lender call from a store route: logged in the financing log, failures as MedusaErrors naming FlexShopper. */
export function flexCall<T>(ctx: FlexRequestContext, operation: TrackedOperation, call: () => Promise<T>): Promise<T> {
  return trackLenderOperation(
    {
      lender: FLEXSHOPPER,
      lenderName: FLEXSHOPPER_NAME,
      providerId: FLEXSHOPPER_PROVIDER_ID,
      logger: ctx.logger,
      log: ctx.financing,
    },
    operation,
    call,
  )
}

export async function saveCustomer(
  ctx: FlexRequestContext,
  cartId: string,
  userId: string,
  token: CustomerToken,
): Promise<void> {
  // A new account: its application (bank details) has not been completed through this plugin yet.
  const value: CustomerSecret = { token: token.value, apiKeyId: token.apiKeyId, userId, applicationCompleted: false }
  await ctx.financing.deleteSecrets({ cart_id: cartId, lender: FLEXSHOPPER, purpose: LOOKUP_CANDIDATE })
  await ctx.financing.putSecret({
    lender: FLEXSHOPPER,
    purpose: SECRET.customer,
    cart_id: cartId,
    value,
    expires_at: new Date(Date.now() + CUSTOMER_TOKEN_TTL_MS),
  })
}

/**
 * Cart-scoped, server-only: the account Account Lookup found for this cart, NOT bound to it. Phone +
 * SSN are not proof of being that person, so until the shopper signs in to FlexShopper (its modal,
 * opened without an auth code) nothing about the account is shown and no auth code is minted.
 */
export const LOOKUP_CANDIDATE = "lookup-candidate"

export async function saveLookupCandidate(
  ctx: FlexRequestContext,
  cartId: string,
  userId: string,
  token: CustomerToken,
): Promise<void> {
  const value: CustomerSecret = { token: token.value, apiKeyId: token.apiKeyId, userId }
  // A found account replaces whatever account the cart had; it binds only after the shopper signs in.
  await ctx.financing.deleteSecrets({ cart_id: cartId, lender: FLEXSHOPPER, purpose: SECRET.customer })
  await ctx.financing.putSecret({
    lender: FLEXSHOPPER,
    purpose: LOOKUP_CANDIDATE,
    cart_id: cartId,
    value,
    expires_at: new Date(Date.now() + CUSTOMER_TOKEN_TTL_MS),
  })
}

/** The looked-up account waiting for the shopper's sign-in, if that is what the cart has. */
export async function lookupCandidate(ctx: FlexRequestContext, cartId: string): Promise<{ userId: string } | null> {
  const bound = await ctx.financing.getSecret<CustomerSecret>({
    lender: FLEXSHOPPER,
    purpose: SECRET.customer,
    cart_id: cartId,
  })
  if (bound) return null
  const secret = await ctx.financing.getSecret<CustomerSecret>({
    lender: FLEXSHOPPER,
    purpose: LOOKUP_CANDIDATE,
    cart_id: cartId,
  })
  if (!secret || secret.apiKeyId !== apiKeyIdOf(ctx.options.apiKey)) return null
  return { userId: secret.userId }
}

export interface StoredCustomer {
  userId: string
  token: CustomerToken
  /**
   * Whether this plugin's Prequalification Complete (bank details) went through for this account:
   * FlexShopper documents no field saying so, so the plugin keeps its own record. Undefined: unknown.
   */
  applicationCompleted?: boolean
}

/** Records that Prequalification Complete succeeded for the cart's account (see StoredCustomer). */
export async function markApplicationCompleted(
  ctx: FlexRequestContext,
  cartId: string,
  customer: StoredCustomer,
): Promise<void> {
  const value: CustomerSecret = {
    token: customer.token.value,
    apiKeyId: customer.token.apiKeyId,
    userId: customer.userId,
    applicationCompleted: true,
  }
  await ctx.financing.putSecret({
    lender: FLEXSHOPPER,
    purpose: SECRET.customer,
    cart_id: cartId,
    value,
    expires_at: new Date(Date.now() + CUSTOMER_TOKEN_TTL_MS),
  })
}

export async function requireCustomer(ctx: FlexRequestContext, cartId: string): Promise<StoredCustomer> {
  const secret = await ctx.financing.getSecret<CustomerSecret>({
    lender: FLEXSHOPPER,
    purpose: SECRET.customer,
    cart_id: cartId,
  })
  if (!secret) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "FlexShopper: find or create the shopper's FlexShopper account first (POST /store/financing/flexshopper/account/lookup or /account).",
    )
  }
  // The client refuses a token bound to another key too; this check gives the shopper a clearer next step.
  if (secret.apiKeyId !== apiKeyIdOf(ctx.options.apiKey)) {
    await ctx.financing.deleteSecrets({ cart_id: cartId, lender: FLEXSHOPPER, purpose: SECRET.customer })
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "FlexShopper: the saved customer token was issued for a different FlexShopper API key and cannot be used with this one; look the account up again.",
    )
  }
  return {
    userId: secret.userId,
    token: { value: secret.token, apiKeyId: secret.apiKeyId },
    ...(typeof secret.applicationCompleted === "boolean" ? { applicationCompleted: secret.applicationCompleted } : {}),
  }
}

export type NextStep = "create_account" | "prequalification" | "verification" | "session" | "wait" | "declined"

/**
 * What the shopper has to do next, from the documented fields of Get User Info (decision.status,
 * verificationStatus, spendingHold) and the plugin's own record of the bank-details step.
 */
export function nextStepFor(
  user: Pick<FsUserInfo, "decision" | "verificationStatus"> & { spendingHold?: boolean },
  applicationCompleted?: boolean,
): NextStep {
  const decision = user.decision
  if (!decision) return "prequalification"
  if (decision.status === "pending") return "wait"
  if (decision.status === "failed") return "declined"
  if (applicationCompleted === false) return "prequalification"
  if (user.verificationStatus === "failed" || user.spendingHold) return "declined"
  if (user.verificationStatus !== "succeeded") return "verification"
  return "session"
}

/** The shopper as the storefront may see them: no token, no SSN, no date of birth. */
export function customerView(
  user: Pick<FsUserInfo, "firstName" | "decision" | "verificationStatus"> & { spendingHold?: boolean },
  applicationCompleted?: boolean,
) {
  return {
    first_name: user.firstName,
    decision: user.decision
      ? {
          status: user.decision.status,
          spending_limit: user.decision.spendingLimit,
          available_balance: user.decision.availableBalance,
        }
      : null,
    verification_status: user.verificationStatus ?? null,
    spending_hold: user.spendingHold ?? false,
    next_step: nextStepFor(user, applicationCompleted),
  }
}

/** FlexShopper declined the shopper (decision, identity check or spending hold): left out of this cart's offers. */
export function rememberFlexShopperDecline(ctx: Pick<FlexRequestContext, "financing">, cartId: string): Promise<void> {
  return rememberTurnedAway(ctx.financing, { lender: "flexshopper", cartId, reason: "declined" })
}

/** customerView, and a decline it shows is remembered for the cart (the offers leave FlexShopper out). */
export async function standingFor(
  ctx: Pick<FlexRequestContext, "financing">,
  cartId: string,
  ...view: Parameters<typeof customerView>
): Promise<ReturnType<typeof customerView>> {
  const standing = customerView(...view)
  if (standing.next_step === "declined") await rememberFlexShopperDecline(ctx, cartId)
  return standing
}
