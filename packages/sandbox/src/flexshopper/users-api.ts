// /v3 customer endpoints of the waterfall integration: account lookup, create user, user exists,
// user info, prequalification start/complete, routing-number check, auth code, lease settings.
import { randomBytes } from "node:crypto"
import type { Router } from "express"
import type { SimulatorContext } from "../types"
import { decisionWire, issueCustomerToken, linkVendor, userInfoWire } from "./accounts"
import { asMiddleware, customerCheck, customerOf, merchantCheck, merchantOf } from "./auth"
import { KNOWN_BANKS, isValidRoutingNumber, prequalRuleFor } from "./identities"
import type { FlexShopperCollections, SandboxUser } from "./model"
import { FsError, badRequest, dollars, handle, objectBody, optionalString, requireString, sendData } from "./wire"

const AUTH_CODE_TTL_MS = 5 * 60 * 1000
const PAY_FREQUENCIES = ["weekly", "biweekly", "semimonthly", "monthly", "yearly", "none"]
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function digitsOnly(value: string, field: string, length: number): string {
  if (!new RegExp(`^\\d{${length}}$`).test(value))
    throw badRequest(field, `must be ${length} digits, with no spaces, dashes or parentheses`)
  return value
}

function normalizeSsn(value: string): string {
  const digits = value.replace(/-/g, "")
  if (!/^\d{9}$/.test(digits)) throw badRequest("ssn", "must be 9 digits")
  return digits
}

function ageOn(dateOfBirth: string, now: Date): number {
  const [y, m, d] = dateOfBirth.split("-").map(Number)
  let age = now.getUTCFullYear() - y
  if (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d)) age -= 1
  return age
}

export function registerUserRoutes(router: Router, c: FlexShopperCollections, ctx: SimulatorContext): void {
  const merchant = asMiddleware(merchantCheck(c))
  const customer = [merchant, asMiddleware(customerCheck(c, ctx.clock, ctx.ledger))]
  const json = ctx.body.json()
  const now = () => ctx.clock.now().toISOString()

  router.post(
    "/v3/users/search",
    merchant,
    json,
    handle((req, res) => {
      const body = objectBody(req)
      const mobilePhone = digitsOnly(requireString(body, "mobilePhone"), "mobilePhone", 10)
      const ssn = normalizeSsn(requireString(body, "ssn"))
      const me = merchantOf(res)
      const users = c.users.filter((u) => u.mobilePhone === mobilePhone && u.ssn === ssn)
      sendData(res, {
        users: users.map((user) => {
          const { dateOfBirth: _dob, spendingHold: _hold, ...info } = userInfoWire(c, user, me.vendorId)
          return { ...info, cardVerified: false, token: issueCustomerToken(c, ctx, user, me) }
        }),
        meta: { count: users.length, totalPages: users.length ? 1 : 0, page: 1, limit: 20 },
      })
    }),
  )

  router.post(
    "/v3/users",
    merchant,
    json,
    handle((req, res) => {
      const body = objectBody(req)
      const firstName = requireString(body, "firstName")
      const lastName = requireString(body, "lastName")
      const email = requireString(body, "email").toLowerCase()
      if (!EMAIL.test(email)) throw badRequest("email", "is not a valid email address")
      const locale = optionalString(body, "locale")
      if (locale && locale !== "en" && locale !== "es") throw badRequest("locale", 'must be "en" or "es"')
      if (c.users.find((u) => u.email === email)) {
        throw new FsError(409, "UserAlreadyExists", "A user with this email already exists", { email })
      }
      const user: SandboxUser = {
        id: ctx.store.ids.uuid(),
        firstName,
        lastName,
        email,
        password: optionalString(body, "password"),
        createdAt: now(),
        decision: null,
        applicationComplete: false,
        verificationStatus: null,
        spendingHold: false,
        depositCents: 0,
        vendors: [],
      }
      c.users.set(user.id, user)
      sendData(res, { userId: user.id, token: issueCustomerToken(c, ctx, user, merchantOf(res)) })
    }),
  )

  router.get(
    "/v3/user-exists",
    merchant,
    handle((req, res) => {
      const email = typeof req.query.email === "string" ? req.query.email.trim().toLowerCase() : ""
      if (!email) throw badRequest("email", "query parameter is required")
      const user = c.users.find((u) => u.email === email)
      sendData(res, user ? { userId: user.id, exists: true } : { userId: null, exists: false })
    }),
  )

  router.get(
    "/v3/users/me",
    ...customer,
    handle((_req, res) => {
      sendData(res, userInfoWire(c, customerOf(res), merchantOf(res).vendorId))
    }),
  )

  router.post(
    "/v3/users/prequal/start/lease",
    merchant,
    json,
    handle((req, res) => {
      const body = objectBody(req)
      const me = merchantOf(res)
      const mobilePhone = digitsOnly(requireString(body, "mobilePhone"), "mobilePhone", 10)
      const firstName = requireString(body, "firstName")
      const lastName = requireString(body, "lastName")
      const email = requireString(body, "email").toLowerCase()
      if (!EMAIL.test(email)) throw badRequest("email", "is not a valid email address")
      requireString(body, "street1")
      requireString(body, "city")
      const region = requireString(body, "regionAbbr")
      if (!/^[A-Z]{2}$/.test(region)) throw badRequest("regionAbbr", "must be a 2-letter US state code")
      requireString(body, "postalCode")
      if (requireString(body, "country") !== "US")
        throw badRequest("country", "must be US: FlexShopper only leases to US residents")
      const employment = (body.employmentInformation ?? {}) as Record<string, unknown>
      if (!PAY_FREQUENCIES.includes(employment.payFrequency as string)) {
        throw badRequest("employmentInformation.payFrequency", `must be one of ${PAY_FREQUENCIES.join(", ")}`)
      }
      if (!Number.isInteger(employment.monthlyIncome) || (employment.monthlyIncome as number) < 0) {
        throw badRequest("employmentInformation.monthlyIncome", "must be a whole number of dollars")
      }
      const dateOfBirth = requireString(body, "dateOfBirth")
      if (!/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth) || Number.isNaN(Date.parse(dateOfBirth)))
        throw badRequest("dateOfBirth", "must be YYYY-MM-DD")
      const ssn = normalizeSsn(requireString(body, "ssn"))

      let user = c.users.find((u) => u.email === email)
      if (!user) {
        user = {
          id: ctx.store.ids.uuid(),
          firstName,
          lastName,
          email,
          password: optionalString(body, "password"),
          createdAt: now(),
          decision: null,
          applicationComplete: false,
          verificationStatus: null,
          spendingHold: false,
          depositCents: 0,
          vendors: [],
        }
        c.users.set(user.id, user)
      }
      linkVendor(user, me)
      const prequalId = ctx.store.ids.next("prequal")
      c.prequals.set(prequalId, { id: prequalId, userId: user.id, vendorId: me.vendorId, createdAt: now() })
      // An existing decision stands (re-applying does not reset a limit or a decline).
      if (!user.decision) {
        const rule = prequalRuleFor(ssn)
        const minor = ageOn(dateOfBirth, ctx.clock.now()) < 18
        user.decision = {
          applicationId: ctx.store.ids.uuid(),
          prequalId,
          status: minor ? "failed" : rule.status,
          limitCents: minor ? 0 : rule.limit * 100,
          createdAt: now(),
        }
        user.depositCents = rule.depositCents
        user.verificationStatus = user.decision.status === "approved" ? "pending" : null
        Object.assign(user, { mobilePhone, ssn, dateOfBirth })
        ctx.ledger.record({ type: "prequal.decided", ref: user.id, data: { status: user.decision.status } })
      }
      const decision = decisionWire(c, user)!
      sendData(res, {
        prequalId,
        decision: {
          applicationId: decision.applicationId,
          approved: decision.approved,
          status: decision.status,
          limit: decision.spendingLimit,
          availableLimit: decision.availableBalance,
          availableWeeklyLimit: decision.availableWeeklySpending,
          createdAt: decision.createdAt,
        },
        verificationStatus: user.verificationStatus,
      })
    }),
  )

  router.post(
    "/v3/users/prequal/complete/lease",
    ...customer,
    json,
    handle((req, res) => {
      const body = objectBody(req)
      const user = customerOf(res)
      const prequal = c.prequals.get(requireString(body, "prequalId"))
      if (!prequal || prequal.userId !== user.id)
        throw new FsError(404, "PrequalNotFound", "No prequalification with this id for this customer")
      const bank = (body.bankAccount ?? {}) as Record<string, unknown>
      const routing = requireString(bank, "routing", "bankAccount.")
      if (!isValidRoutingNumber(routing))
        throw new FsError(400, "InvalidRoutingNumber", "bankAccount.routing is not a valid ABA routing number", {
          field: "bankAccount.routing",
        })
      const account = requireString(bank, "account", "bankAccount.")
      if (!/^\d{4,17}$/.test(account))
        throw new FsError(400, "InvalidBankAccount", "bankAccount.account must be 4 to 17 digits", {
          field: "bankAccount.account",
        })
      if (bank.type !== "checking" && bank.type !== "savings")
        throw badRequest("bankAccount.type", 'must be "checking" or "savings"')
      if (user.decision?.status !== "approved") {
        throw new FsError(
          400,
          user.decision?.status === "pending" ? "DecisionPending" : "DecisionRequired",
          "Only an approved prequalification can be completed",
        )
      }
      user.applicationComplete = true
      ctx.ledger.record({ type: "application.completed", ref: user.id })
      sendData(res, userInfoWire(c, user, merchantOf(res).vendorId))
    }),
  )

  router.get(
    "/v3/routing-numbers/:routingNumber",
    merchant,
    handle((req, res) => {
      const routingNumber = String(req.params.routingNumber)
      const valid = isValidRoutingNumber(routingNumber)
      sendData(res, {
        routingNumber,
        valid,
        ...(valid ? { bankName: KNOWN_BANKS[routingNumber] ?? "Sandbox Community Bank" } : {}),
      })
    }),
  )

  router.post(
    "/v3/users/:id/auth-code",
    merchant,
    handle((req, res) => {
      const me = merchantOf(res)
      const user = c.users.get(String(req.params.id))
      // Only a merchant the shopper dealt with (lookup, create, prequal) may sign them in.
      if (!user || !user.vendors.includes(me.vendorId))
        throw new FsError(404, "UserNotFound", "No such user for this merchant")
      const code = randomBytes(32).toString("base64url")
      c.authCodes.set(code, {
        code,
        userId: user.id,
        vendorId: me.vendorId,
        expiresAt: new Date(ctx.clock.nowMs() + AUTH_CODE_TTL_MS).toISOString(),
      })
      // Documented without the usual `data` wrapper.
      res.json({ code })
    }),
  )

  router.get(
    "/v3/settings/lease",
    merchant,
    handle((_req, res) => {
      sendData(res, { minimumOrderValue: dollars(merchantOf(res).minimumOrderCents) })
    }),
  )
}
