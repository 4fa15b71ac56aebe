// NewDay's widgets report by a browser form-POST of one `payload` field holding JSON (spec §5.3).
// It is the shopper's browser speaking, so nothing in it is trusted beyond what NewDay itself
// will later verify (tokens are checked by NewDay on the next API call).
export interface WidgetPayload {
  success: boolean
  status: string
  message?: string
  scaToken?: string
  customerRef?: string
  identityToken?: string
}

const TEXT = (value: unknown, max = 4096) =>
  typeof value === "string" && value.length > 0 && value.length <= max ? value : undefined

/**
 * The sign-in widget's field names are not public (spec §3.2 [INFERRED]): the provider options
 * ssoCustomerRefField / ssoTokenField name them (defaults customerRef, identityToken).
 */
export function parseWidgetPayload(
  body: unknown,
  signInFields = { customerRef: "customerRef", token: "identityToken" },
): WidgetPayload | undefined {
  const raw = (body as { payload?: unknown } | undefined)?.payload
  if (typeof raw !== "string" || raw.length > 16384) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return undefined
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return undefined
  const p = parsed as Record<string, unknown>
  return {
    success: p.success === true,
    status: TEXT(p.status, 100) ?? "unknown",
    message: TEXT(p.message, 500),
    scaToken: TEXT(p.scaToken),
    customerRef: TEXT(p[signInFields.customerRef], 100),
    identityToken: TEXT(p[signInFields.token]),
  }
}

/** A short, safe reason code for the storefront URL. */
export function reasonCode(status: string): string {
  return (
    status
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, "_")
      .slice(0, 40) || "unknown"
  )
}
