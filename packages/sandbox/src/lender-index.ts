// GET /<slug>/ for every simulator: what this lender is and which routes it serves, read from
// the router itself so the list never goes stale as lender engineers add endpoints.
import type { Router } from "express"
import type { SimulatorContext } from "./types"

export interface RouteInfo {
  method: string
  path: string
}

interface Layer {
  route?: { path: string | RegExp | Array<string | RegExp>; methods: Record<string, boolean> }
}

export function listRoutes(router: Router): RouteInfo[] {
  const stack = (router as unknown as { stack?: Layer[] }).stack ?? []
  return stack.flatMap((layer) => {
    if (!layer.route) return []
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path]
    const methods = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m] && m !== "_all")
    const verbs = methods.length > 0 ? methods.map((m) => m.toUpperCase()) : ["ALL"]
    return paths.flatMap((p) => verbs.map((method) => ({ method, path: String(p) })))
  })
}

/** Registers GET / answering { lender, slug, baseUrl, routes, ...extra }. */
export function serveLenderIndex(router: Router, ctx: SimulatorContext, extra: Record<string, unknown> = {}): void {
  router.get("/", (_req, res) => {
    res.json({ lender: ctx.name, slug: ctx.slug, baseUrl: ctx.baseUrl, routes: listRoutes(router), ...extra })
  })
}
