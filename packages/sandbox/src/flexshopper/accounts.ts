// Shopper-side rules shared by the API and the modal: customer tokens, spending limits, and what
// a shopper needs before a lease can be created or signed (an approved decision, a complete
// application, a verified identity and no spending hold — FlexShopper's Medusa guide).
import { randomBytes } from "node:crypto"
import type { SimulatorContext } from "../types"
import { type FlexShopperCollections, type Merchant, type SandboxUser, type Transaction, openUnits } from "./model"
import { FsError, dollars } from "./wire"

const TOKEN_TTL_MS = 2 * 60 * 60 * 1000

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString("base64url")
}

/** A JWT-shaped opaque token (FlexShopper documents customer tokens as temporary JWTs). */
export function issueCustomerToken(
  c: FlexShopperCollections,
  ctx: SimulatorContext,
  user: SandboxUser,
  merchant: Merchant,
): string {
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))
  const payload = base64url(
    JSON.stringify({ sub: user.id, iat: Math.floor(ctx.clock.nowMs() / 1000), jti: randomBytes(8).toString("hex") }),
  )
  const value = `${header}.${payload}.${base64url(randomBytes(32))}`
  c.tokens.set(value, {
    value,
    userId: user.id,
    apiKey: merchant.apiKey,
    expiresAt: new Date(ctx.clock.nowMs() + TOKEN_TTL_MS).toISOString(),
  })
  linkVendor(user, merchant)
  return value
}

export function linkVendor(user: SandboxUser, merchant: Merchant): void {
  if (!user.vendors.includes(merchant.vendorId)) user.vendors.push(merchant.vendorId)
}

/** What a signed lease still holds of the shopper's limit: units not canceled or returned, plus shipping. */
export function leaseValueCents(tx: Transaction): number {
  const live = tx.lines.reduce((sum, line) => sum + line.costCents * (line.quantity - line.canceled - line.returned), 0)
  const anyLive = tx.lines.some((line) => line.quantity - line.canceled - line.returned > 0)
  return live + (anyLive ? tx.lines.reduce((sum, line) => sum + line.shippingCents, 0) : 0)
}

export function transactionTotalCents(tx: Pick<Transaction, "lines">): number {
  return tx.lines.reduce((sum, line) => sum + line.costCents * line.quantity + line.shippingCents, 0)
}

export function availableCents(c: FlexShopperCollections, user: SandboxUser): number {
  if (!user.decision || user.decision.status !== "approved") return 0
  const used = c.transactions
    .filter((tx) => tx.userId === user.id && tx.lease.status === "signed")
    .reduce((sum, tx) => sum + leaseValueCents(tx), 0)
  return Math.max(0, user.decision.limitCents - used)
}

/** Why this shopper cannot lease yet, as FlexShopper would answer; undefined when they can. */
export function leaseBlocker(user: SandboxUser): FsError | undefined {
  if (!user.decision)
    return new FsError(
      400,
      "DecisionRequired",
      "The customer has no spending-limit decision yet: run prequalification first",
    )
  if (user.decision.status === "pending")
    return new FsError(400, "DecisionPending", "The customer's application is still under review")
  if (user.decision.status === "failed")
    return new FsError(400, "DecisionDeclined", "The customer's application was declined")
  if (!user.applicationComplete)
    return new FsError(400, "ApplicationIncomplete", "Complete the application (bank details) before leasing")
  if (user.verificationStatus !== "succeeded") {
    return user.verificationStatus === "failed"
      ? new FsError(403, "VerificationFailed", "The customer's identity could not be verified")
      : new FsError(
          400,
          "VerificationRequired",
          "Verify the customer's identity (verification questions) before leasing",
        )
  }
  if (user.spendingHold) return new FsError(403, "SpendingHold", "The customer's account has a spending hold")
  return undefined
}

export function decisionWire(c: FlexShopperCollections, user: SandboxUser) {
  const d = user.decision
  if (!d) return null
  const available = availableCents(c, user)
  return {
    applicationId: d.applicationId,
    ...(d.prequalId ? { prequalId: d.prequalId } : {}),
    approved: d.status === "approved",
    status: d.status,
    spendingLimit: dollars(d.limitCents),
    availableBalance: dollars(available),
    // 52 weekly payments is FlexShopper's usual term; the weekly figure is indicative.
    availableWeeklySpending: dollars(Math.floor(available / 10)),
    createdAt: d.createdAt,
  }
}

export function transactionSummaries(c: FlexShopperCollections, user: SandboxUser, vendorId: string) {
  return c.transactions
    .filter((tx) => tx.userId === user.id && tx.vendorId === vendorId)
    .map((tx) => ({
      id: tx.transactionId,
      createdAt: tx.createdAt.slice(0, 10),
      lease: { id: tx.lease.id, status: tx.lease.status },
    }))
}

export function userInfoWire(c: FlexShopperCollections, user: SandboxUser, vendorId: string) {
  return {
    userId: user.id,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    createdAt: user.createdAt,
    transactions: transactionSummaries(c, user, vendorId),
    decision: decisionWire(c, user),
    verificationStatus: user.verificationStatus,
    ...(user.dateOfBirth ? { dateOfBirth: user.dateOfBirth } : {}),
    spendingHold: user.spendingHold,
  }
}

export { openUnits }
