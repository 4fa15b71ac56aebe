// POST /store/financing/flexshopper/prequalification
// { cart_id, ssn, date_of_birth, monthly_income, pay_frequency, bank_account{routing_number, account_number, type}, mobile_phone?, opt_in_marketing? }
// Prequalification Start, then — when approved — Validate Routing Number and Prequalification
// Complete with the bank details. Name, email and address come from FlexShopper's account and the
// cart, server-side. Every personal field goes straight to FlexShopper and is dropped.
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { FsUserInfo } from "../../../../../lenders/flexshopper"
import { flexCall, flexContext, loadCart, markApplicationCompleted, requireCustomer, standingFor } from "../support"
import type { FlexPrequalificationType } from "../validators"
import { shopperRoute } from "../../shopper-route"

async function handlePost(req: MedusaRequest, res: MedusaResponse) {
  const body = req.validatedBody as FlexPrequalificationType
  const ctx = await flexContext(req)
  const cart = await loadCart(req, ctx, body.cart_id)
  const customer = await requireCustomer(ctx, cart.id)
  const references = { cart_id: cart.id }
  const me = await flexCall(ctx, { operation: "get-user-info", references }, () =>
    ctx.client.getUserInfo(customer.token),
  )

  const address = cart.billing_address ?? cart.shipping_address
  const region = address?.province?.trim().toUpperCase()
  const problems = [
    address?.country_code?.toLowerCase() !== "us" &&
      "a US billing address (FlexShopper only leases in the United States)",
    !address?.address_1 && "billing_address.address_1",
    !address?.city && "billing_address.city",
    !(region && /^[A-Z]{2}$/.test(region)) && "billing_address.province as a 2-letter state code",
    !address?.postal_code && "billing_address.postal_code",
  ].filter(Boolean)
  const mobilePhone = body.mobile_phone ?? address?.phone?.replace(/\D/g, "").replace(/^1(?=\d{10}$)/, "")
  if (!mobilePhone || !/^\d{10}$/.test(mobilePhone))
    problems.push("mobile_phone (10 digits), or a 10-digit phone on the billing address")
  if (problems.length)
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `FlexShopper: the application needs ${problems.join(", ")}.`)

  const prequal = await flexCall(ctx, { operation: "prequal-start", references }, () =>
    ctx.client.prequalStart({
      mobilePhone: mobilePhone!,
      optInMarketing: body.opt_in_marketing ?? false,
      firstName: me.firstName,
      lastName: me.lastName,
      email: me.email,
      street1: address!.address_1!,
      ...(address!.address_2 ? { street2: address!.address_2 } : {}),
      city: address!.city!,
      regionAbbr: region!,
      postalCode: address!.postal_code!,
      country: "US",
      employmentInformation: { payFrequency: body.pay_frequency, monthlyIncome: body.monthly_income },
      dateOfBirth: body.date_of_birth,
      ssn: body.ssn,
      ...(req.ip ? { ipAddress: req.ip.replace(/^::ffff:/, "") } : {}),
    }),
  )

  let completed: FsUserInfo | undefined
  if (prequal.decision.status === "approved") {
    const routing = await flexCall(ctx, { operation: "validate-routing-number", references }, () =>
      ctx.client.validateRoutingNumber(body.bank_account.routing_number),
    )
    if (!routing.valid)
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "FlexShopper: bank_account.routing_number is not a valid US bank routing number.",
      )
    // FlexShopper documents no "application complete" field: the plugin's own record says whether
    // its Complete call went through for this account (unknown → send it; the bank details are here).
    if (customer.applicationCompleted !== true) {
      completed = await flexCall(ctx, { operation: "prequal-complete", references }, () =>
        ctx.client.prequalComplete(customer.token, {
          prequalId: prequal.prequalId,
          bankAccount: {
            routing: body.bank_account.routing_number,
            account: body.bank_account.account_number,
            type: body.bank_account.type,
          },
          employmentInformation: { payFrequency: body.pay_frequency, monthlyIncome: body.monthly_income },
        }),
      )
      await markApplicationCompleted(ctx, cart.id, customer)
    }
  }
  const applicationCompleted = completed ? true : customer.applicationCompleted
  // Prequalification Complete answers the shopper as /users/me does, so reading /users/me again
  // would repeat a read whose answer is in hand. Only when it did not run (declined, pending,
  // already complete), or answered in another shape ([inferred] contract), is the shopper re-read.
  const after =
    completed && isFullUserView(completed)
      ? { ...completed, firstName: completed.firstName ?? me.firstName }
      : await flexCall(ctx, { operation: "get-user-info", references }, () => ctx.client.getUserInfo(customer.token))
  res.json({ customer: await standingFor(ctx, cart.id, after, applicationCompleted) })
}

/** Everything customerView needs, as /users/me gives it (a decision, the verification status and the hold flag). */
function isFullUserView(user: Partial<FsUserInfo> | null | undefined): user is FsUserInfo {
  const decision = user?.decision as Partial<FsUserInfo["decision"]> | null | undefined
  return Boolean(
    user &&
    decision &&
    typeof decision.status === "string" &&
    typeof decision.spendingLimit === "number" &&
    "verificationStatus" in user &&
    typeof user.spendingHold === "boolean",
  )
}

export const POST = shopperRoute(handlePost)
