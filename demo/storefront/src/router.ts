// Path-based routing with the History API. Lender return paths are matched first, so a lender's
// path (e.g. "/order/confirmed") wins over the app's own routes.
import type { LenderCheckoutModule } from "./lenders/types"

export type Route =
  | { name: "products" }
  | { name: "checkout"; step: string | null }
  | { name: "order"; orderId: string }
  | { name: "lender-return"; module: LenderCheckoutModule; url: URL }
  | { name: "not-found" }

export function matchRoute(url: URL, modules: LenderCheckoutModule[]): Route {
  const returning = lenderFor(url, modules)
  if (returning) return { name: "lender-return", module: returning, url }
  const path = url.pathname.replace(/\/+$/, "") || "/"
  if (path === "/" || path === "/products") return { name: "products" }
  if (path === "/checkout") return { name: "checkout", step: url.searchParams.get("step") }
  const order = /^\/order\/([^/]+)$/.exec(path)
  if (order) return { name: "order", orderId: decodeURIComponent(order[1]) }
  return { name: "not-found" }
}

/**
 * The module whose return path this is. A return path is a pathname prefix, or "path?param" for
 * a lender that returns to one of the app's own pages (NewDay: /checkout?…&newday=…): exactly
 * that path, with that query parameter present. Several lenders may share a path (Vault's
 * /checkout/financing/success carries `lender=vault`): then the `lender` query decides, matched
 * against the provider id; the longest matching return path wins otherwise.
 */
export function lenderFor(url: URL, modules: LenderCheckoutModule[]): LenderCheckoutModule | undefined {
  const candidates = modules
    .flatMap((module) => (module.returnPaths ?? []).map((prefix) => ({ module, prefix })))
    .filter(({ prefix }) => returnPathMatches(prefix, url))
    .sort((a, b) => b.prefix.length - a.prefix.length)
  const named = url.searchParams.get("lender")
  if (named) {
    const match = candidates.find(({ module }) => module.providerId.includes(named))
    if (match) return match.module
  }
  return candidates[0]?.module
}

function returnPathMatches(returnPath: string, url: URL): boolean {
  const [path, param] = returnPath.split("?", 2)
  if (param !== undefined) return url.pathname.replace(/\/+$/, "") === path && url.searchParams.has(param)
  return url.pathname === path || url.pathname.startsWith(path.endsWith("/") ? path : `${path}/`)
}

type Listener = () => void
const listeners: Listener[] = []

export function onNavigate(listener: Listener): void {
  listeners.push(listener)
  window.addEventListener("popstate", listener)
}

export function navigate(path: string, { replace = false } = {}): void {
  if (replace) history.replaceState(null, "", path)
  else history.pushState(null, "", path)
  window.scrollTo(0, 0)
  for (const listener of listeners) listener()
}

/** Lets plain <a href="/…"> links navigate inside the app. */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener("click", (event) => {
    const link = (event.target as Element | null)?.closest?.("a[data-link]") as HTMLAnchorElement | null
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return
    event.preventDefault()
    navigate(link.getAttribute("href") ?? "/")
  })
}
