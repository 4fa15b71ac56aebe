// Request validation for routes that receive personal data or credentials (SSNs, bank numbers,
// passwords). Medusa's validateAndTransformBody/Query quote the submitted value in type errors
// ("…, got: '123-45-6789'"), and its error handler logs that message; this names the field and
// the lender and never echoes a value.
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { FLEXSHOPPER_NAME } from "../lenders/flexshopper/client"
import { NEWDAY_NAME } from "../lenders/newday/name"
import { PAYMENT_ASSIST } from "../lenders/payment-assist/client"
import type { LenderSlug } from "../lenders/slugs"
import { VAULT_NAME } from "../lenders/vault/client"

export function validateRequestWithoutEcho(lenderName: string, schema: z.ZodType, where: "body" | "query") {
  return (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    const parsed = schema.safeParse(where === "body" ? (req.body ?? {}) : (req.query ?? {}))
    if (!parsed.success) {
      const details = parsed.error.issues.slice(0, 3).map((issue) => {
        const field = issue.path.join(".")
        // Every plugin store route refuses fields it does not know (one policy: strict schemas).
        if (issue.code === "unrecognized_keys") {
          const keys = (issue as { keys?: string[] }).keys ?? []
          const where = field ? ` in ${shownValue(field, 60)}` : ""
          return `unknown field${keys.length === 1 ? "" : "s"}${where}: ${keys
            .slice(0, 5)
            .map((k) => shownValue(k))
            .join(", ")} (not accepted)`
        }
        return issue.message.startsWith(field) || !field ? issue.message : `${field}: ${issue.message}`
      })
      return next(new MedusaError(MedusaError.Types.INVALID_DATA, `${lenderName}: ${details.join("; ")}`))
    }
    // After the schema (so a broken field is named first): a NUL anywhere else in the request.
    const nul = nulFieldOf(req)
    if (nul) return next(nulError(lenderName, nul))
    if (where === "body") (req as MedusaRequest & { validatedBody: unknown }).validatedBody = parsed.data
    else (req as unknown as { validatedQuery: unknown }).validatedQuery = parsed.data
    next()
  }
}

/**
 * For routes that keep Medusa's validateAndTransformQuery (admin list/retrieve routes that need its
 * fields/pagination handling): it throws a plain error — a 500 — for a query key with two or more
 * dots ("a.b.c=1") before the schema runs. Placed in front of it, this answers 400 naming the key.
 */
export function rejectDeepQueryKeys(scope: string) {
  return (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    const key = Object.keys(req.query ?? {}).find((k) => k.split(".").length > 2)
    if (key === undefined) return next()
    const shown = key.length > 60 ? `${key.slice(0, 60)}…` : key
    next(
      new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `${scope}: query parameter "${shown}" is not accepted (a key may hold at most one ".")`,
      ),
    )
  }
}

/** Medusa's cart ids: "cart_" and a 26-character ULID (generateEntityId). */
export const MEDUSA_CART_ID = /^cart_[0-9A-Z]{26}$/

/**
 * The cart id every plugin store route takes. Checked for shape before any lookup, so an over-long
 * or odd value is a 400 naming the field — never a database error, never echoed back in a 404.
 */
export function cartIdSchema(field = "cart_id") {
  return z
    .string({ error: `${field} is required` })
    .min(1, `${field} is required`)
    .max(64, `${field} is too long to be a cart id`)
    .regex(MEDUSA_CART_ID, `${field} must be a Medusa cart id (cart_ followed by 26 letters and digits)`)
}

/** For routes with the cart id in the path (/carts/:id/…): the same check, naming "id". */
export function validateCartIdParam(lenderName: string) {
  return (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    const parsed = cartIdSchema("id").safeParse(req.params?.id)
    if (parsed.success) return next()
    next(
      new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `${lenderName}: ${parsed.error.issues[0]?.message ?? "id is not valid"}`,
      ),
    )
  }
}

/** A user-supplied value as it may appear in an error: short, printable, or not at all. */
export function shownValue(value: unknown, max = 40): string {
  const text = typeof value === "string" ? value : ""
  const clean = text.replace(/[^\w.:-]/g, "")
  if (!clean) return "(not shown)"
  return clean.length > max ? `${clean.slice(0, max)}…` : clean
}

// The names each lender's client already speaks with (the registry in src/providers sits above
// this layer, so it cannot be read here).
const LENDER_BY_SEGMENT: Record<string, string> = {
  "payment-assist": PAYMENT_ASSIST.lenderName,
  flexshopper: FLEXSHOPPER_NAME,
  newday: NEWDAY_NAME,
  vault: VAULT_NAME,
} satisfies Record<LenderSlug, string>

/** A lender's name by its slug (the shopper's words for it). */
export function lenderNameOf(slug: string): string {
  return LENDER_BY_SEGMENT[slug] ?? "Financing"
}

/** The lender a plugin path belongs to (/store/financing/<lender>/…, /financing/<lender>/…, /hooks/financing/<lender>). */
export function lenderNameForPath(path: string): string {
  const segment = /\/financing\/([\w-]+)/.exec(path)?.[1] ?? ""
  return LENDER_BY_SEGMENT[segment] ?? "Financing"
}

const NUL_IN_KEY = "\u0000key"

/** The lender a request is for: by plugin path, else by the provider_id of a stock payment-session request. */
function lenderNameForRequest(req: MedusaRequest): string {
  const byPath = lenderNameForPath((req.originalUrl ?? req.path ?? "").split("?")[0])
  if (byPath !== "Financing") return byPath
  const providerId = (req.body as { provider_id?: unknown } | undefined)?.provider_id
  const slug = typeof providerId === "string" ? /^pp_([\w-]+)_/.exec(providerId)?.[1] : undefined
  return (slug && LENDER_BY_SEGMENT[slug]) || "Payment"
}

/** The dotted path of the first string holding a NUL character, or undefined. */
function nulPath(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path || "body" : undefined
  if (depth > 8 || !value || typeof value !== "object") return undefined
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const here = path ? `${path}.${key}` : key
    if (key.includes("\u0000")) return NUL_IN_KEY
    const found = nulPath(inner, here, depth + 1)
    if (found) return found
  }
  return undefined
}

/**
 * PostgreSQL refuses NUL (\u0000) in text, so a NUL anywhere in a request used to surface as a 500
 * from whichever query met it first. No lender field can hold one. Store routes refuse it in
 * validateRequestWithoutEcho (after their schema, so a broken field is named first); the return and
 * webhook routes, which have no schema, get this guard up front. Both answer 400 naming the field
 * and the lender.
 */
export function refuseNulCharacters() {
  return (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    const field = nulFieldOf(req)
    if (!field) return next()
    next(nulError(lenderNameForRequest(req), field))
  }
}

function nulFieldOf(req: MedusaRequest): string | undefined {
  const rawPath = (req.originalUrl ?? "").split("?")[0]
  return (
    nulPath(req.params, "") ??
    nulPath(req.query, "") ??
    nulPath(req.body, "") ??
    (/%00|\u0000/i.test(rawPath) ? "path" : undefined)
  )
}

function nulError(lenderName: string, field: string): MedusaError {
  const named = field === NUL_IN_KEY ? "a field name" : shownValue(field, 60)
  return new MedusaError(MedusaError.Types.INVALID_DATA, `${lenderName}: ${named} must not contain a NUL character`)
}

/** The dotted path of the first `__proto__` key, or undefined. */
function protoKeyPath(value: unknown, path: string, depth = 0): string | undefined {
  if (depth > 8 || !value || typeof value !== "object") return undefined
  for (const key of Object.keys(value as Record<string, unknown>)) {
    const here = path ? `${path}.${key}` : key
    if (key === "__proto__") return here
    const found = protoKeyPath((value as Record<string, unknown>)[key], here, depth + 1)
    if (found) return found
  }
  return undefined
}

/**
 * JSON.parse keeps a `__proto__` key as an ordinary field, but Medusa's body validation copies
 * `data` key by key, which turns it into the object's prototype; the payment module then failed to
 * store such a session (a 500 from Medusa's stock payment-session route, found by fuzzing). No
 * lender field is called that: refuse it up front with a 400 naming the field and the lender.
 */
export function refusePrototypeKeys() {
  return (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    const field = protoKeyPath(req.body, "")
    if (!field) return next()
    next(
      new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `${lenderNameForRequest(req)}: ${shownValue(field, 60)} is not an accepted field name`,
      ),
    )
  }
}
