import { authenticate, type MiddlewareRoute } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { cartIdSchema, validateRequestWithoutEcho } from "../../provider-kit/validate-request"
import { vaultLender } from "../../providers/lenders"

// vault's store, return and webhook route middlewares (validation, raw bodies).

// Strict objects: like every plugin store route, these refuse fields they do not know.
export const VaultSignInBody = z
  .object({
    cart_id: cartIdSchema(),
    phone: z.string().regex(/^\+[1-9]\d{6,14}$/, "phone must be in E.164 format, e.g. +447700900001"),
    password: z.string().min(1).max(200),
  })
  .strict()

export const VaultCartQuery = z.object({ cart_id: cartIdSchema() }).strict()

/** payment-types takes nothing: like every store route, unknown fields are refused. */
export const VaultNoQuery = z.object({}).strict()

export const VaultPlatformSessionBody = z
  .object({
    cart_id: cartIdSchema(),
    account_id: z.string().min(1).max(100),
    discount_code: z.string().min(1).max(64).optional(),
  })
  .strict()

// The sign-in body carries the shopper's Vault password: errors name fields, never values.
const validateBody = (schema: z.ZodType) => validateRequestWithoutEcho(vaultLender.name, schema, "body")
const validateQuery = (schema: z.ZodType) => validateRequestWithoutEcho(vaultLender.name, schema, "query")

// Logged-in customers may use their own carts; guest carts are usable by whoever holds their id (loadFinancingCart).
const optionalCustomer = authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })

export const vaultMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/financing/vault/payment-types",
    methods: ["GET"],
    middlewares: [validateQuery(VaultNoQuery)],
  },
  {
    matcher: "/store/financing/vault/platform/sign-in",
    methods: ["POST"],
    middlewares: [optionalCustomer, validateBody(VaultSignInBody)],
  },
  {
    matcher: "/store/financing/vault/platform/sign-in",
    methods: ["DELETE"],
    middlewares: [optionalCustomer, validateQuery(VaultCartQuery)],
  },
  {
    matcher: "/store/financing/vault/platform/accounts",
    methods: ["GET"],
    middlewares: [optionalCustomer, validateQuery(VaultCartQuery)],
  },
  {
    matcher: "/store/financing/vault/platform/payment-session",
    methods: ["POST"],
    middlewares: [optionalCustomer, validateBody(VaultPlatformSessionBody)],
  },
  // Signatures are computed over the exact bytes Vault sent.
  { matcher: "/hooks/financing/vault", methods: ["POST"], bodyParser: { preserveRawBody: true } },
]
