// One lender client per options object: clients hold keep-alive agents and token caches, so
// routes and subscribers must not build a new one per request.
const clients = new WeakMap<object, Map<string, unknown>>()

export function cachedClient<T>(options: object, kind: string, create: () => T): T {
  let byKind = clients.get(options)
  if (!byKind) {
    byKind = new Map()
    clients.set(options, byKind)
  }
  if (!byKind.has(kind)) byKind.set(kind, create())
  return byKind.get(kind) as T
}
