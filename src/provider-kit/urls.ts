// The public URLs lenders call back or send shoppers to. All of them live on the Medusa backend
// (outside /store, which needs a publishable key a lender redirect cannot send).
import type { LenderSlug } from "../lenders/slugs"

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`
}

export function financingUrls(backendUrl: string, slug: LenderSlug) {
  return {
    /** Where the lender sends the shopper back (success and failure). */
    returnUrl: joinUrl(backendUrl, `/financing/${slug}/return`),
    /** Where the lender posts its notifications (plugin route: verifies before anything changes). */
    webhookUrl: joinUrl(backendUrl, `/hooks/financing/${slug}`),
    /** Medusa's own webhook route for this provider, for lenders configured to use it. */
    coreWebhookUrl: joinUrl(backendUrl, `/hooks/payment/${slug}_${slug}`),
  }
}

/** Adds query parameters to a URL that may already have a query string or a fragment. */
export function withQuery(url: string, params: Record<string, string | undefined>): string {
  const parsed = new URL(url)
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) parsed.searchParams.set(key, value)
  }
  return parsed.toString()
}

/** True for an absolute http(s) URL (option validation). */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === "http:" || url.protocol === "https:"
  } catch {
    return false
  }
}
