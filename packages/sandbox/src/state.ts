// In-memory state for the simulators, one namespace per lender so simulators cannot trample each
// other, and one reset() that returns the whole sandbox to a clean slate between tests.
import { randomBytes, randomUUID } from "node:crypto"

export class Collection<T> {
  private readonly items = new Map<string, T>()

  constructor(readonly name: string) {}

  get(id: string): T | undefined {
    return this.items.get(id)
  }

  has(id: string): boolean {
    return this.items.has(id)
  }

  /** Stores the value by reference (simulators may mutate what they get back) and returns it. */
  set(id: string, value: T): T {
    this.items.set(id, value)
    return value
  }

  /** Shallow-merges a patch, or replaces with what `change` returns. Undefined when the id is unknown. */
  update(id: string, change: Partial<T> | ((current: T) => T)): T | undefined {
    const current = this.items.get(id)
    if (current === undefined) return undefined
    const next = typeof change === "function" ? (change as (c: T) => T)(current) : { ...current, ...change }
    this.items.set(id, next)
    return next
  }

  delete(id: string): boolean {
    return this.items.delete(id)
  }

  /** Values in insertion order. */
  list(): T[] {
    return [...this.items.values()]
  }

  find(predicate: (value: T, id: string) => boolean): T | undefined {
    for (const [id, value] of this.items) if (predicate(value, id)) return value
    return undefined
  }

  filter(predicate: (value: T, id: string) => boolean): T[] {
    return [...this.items].filter(([id, value]) => predicate(value, id)).map(([, value]) => value)
  }

  get size(): number {
    return this.items.size
  }

  clear(): void {
    this.items.clear()
  }
}

export class IdGenerator {
  private readonly sequences = new Map<string, number>()

  /**
   * `${prefix}_${16 hex}`. Random rather than sequential so references stay unique across
   * sandbox restarts while a store database still remembers the old ones.
   */
  next(prefix: string): string {
    return `${prefix}_${randomBytes(8).toString("hex")}`
  }

  uuid(): string {
    return randomUUID()
  }

  /** 1, 2, 3… per name (e.g. lease numbers); restarts at 1 after reset. */
  sequence(name: string): number {
    const value = (this.sequences.get(name) ?? 0) + 1
    this.sequences.set(name, value)
    return value
  }

  reset(): void {
    this.sequences.clear()
  }
}

export class LenderStore {
  private readonly collections = new Map<string, Collection<unknown>>()
  readonly ids = new IdGenerator()

  constructor(readonly namespace: string) {}

  /** The same name always returns the same collection; T is the caller's promise about its contents. */
  collection<T>(name: string): Collection<T> {
    let collection = this.collections.get(name)
    if (!collection) {
      collection = new Collection<unknown>(name)
      this.collections.set(name, collection)
    }
    return collection as Collection<T>
  }

  /** Collection name → number of records, for the status page. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.collections].map(([name, c]) => [name, c.size]))
  }

  /** Empties every collection but keeps the objects, so references simulators hold stay valid. */
  reset(): void {
    for (const collection of this.collections.values()) collection.clear()
    this.ids.reset()
  }
}

export class StateStore {
  private readonly namespaces = new Map<string, LenderStore>()

  namespace(name: string): LenderStore {
    let store = this.namespaces.get(name)
    if (!store) {
      store = new LenderStore(name)
      this.namespaces.set(name, store)
    }
    return store
  }

  names(): string[] {
    return [...this.namespaces.keys()]
  }

  reset(): void {
    for (const store of this.namespaces.values()) store.reset()
  }
}
