// A small cache of lender answers that change slowly (plan lists, quotes, spend options), so a busy
// catalogue does not call the lender per page view. Concurrent requests for one key share one call;
// a failure is not kept, so the next view asks again.
interface Entry<T> {
  expires: number
  value: Promise<T>
}

export class TtlCache {
  private readonly entries = new Map<string, Entry<unknown>>()

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 1000,
  ) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key) as Entry<T> | undefined
    if (hit && hit.expires > this.now()) return hit.value
    if (this.entries.size >= this.maxEntries) this.evictExpired()
    const value = load()
    this.entries.set(key, { expires: this.now() + this.ttlMs, value })
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key)
    })
    return value
  }

  clear(): void {
    this.entries.clear()
  }

  private evictExpired(): void {
    const now = this.now()
    for (const [key, entry] of this.entries) if (entry.expires <= now) this.entries.delete(key)
    // Still full of live entries (many distinct amounts): drop the oldest rather than grow.
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string)
  }
}
