// Hostile inputs for the plugin's routes: wrong types, huge and odd strings, deep nesting, missing
// fields, prototype-pollution keys, and one-field mutations of a valid request (so that the
// answer can be expected to name that field).
import fc from "fast-check"

export const POLLUTION_KEYS = ["__proto__", "constructor", "prototype"] as const

const oddStrings = fc.constantFrom(
  "",
  " ",
  "null",
  "undefined",
  "0",
  "-1",
  "1e309",
  "NaN",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "\u0000",
  "💳🏦",
  "ǅ\u202e\u200b",
  "cart_01ZZZZZZZZZZZZZZZZZZZZZZZZ",
  "x".repeat(20_000),
)

export const weirdString = fc.oneof(
  oddStrings,
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
)

/** Any JSON value, with odd strings among the leaves. */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  weirdString,
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, [], {}, [[[[]]]], { $ne: null }, { __proto__: null }),
)

const key = fc.oneof(
  fc.constantFrom(...POLLUTION_KEYS, "cart_id", "amount", "id", "$where", "a.b", ""),
  fc.string({ maxLength: 12 }),
)

/** A JSON object of arbitrary keys (pollution keys included) and values. */
export const weirdObject = fc.dictionary(key, weirdValue, { maxKeys: 6 })

/** Raw JSON texts that try to pollute prototypes once parsed. */
export const pollutionText = fc.constantFrom(
  `{"__proto__":{"polluted":"yes"}}`,
  `{"constructor":{"prototype":{"polluted":"yes"}}}`,
  `{"cart_id":"cart_x","__proto__":{"isAdmin":true,"polluted":"yes"}}`,
  `{"a":{"__proto__":{"polluted":"yes"}},"b":[{"__proto__":{"polluted":"yes"}}]}`,
)

export interface Mutation {
  /** The top-level field that was broken, when the case broke exactly one. */
  field?: string
  value: Record<string, unknown>
}

/** A valid object with one field deleted or replaced by a wrong value. */
export function oneFieldBroken(valid: Record<string, unknown>, requiredFields: string[]): fc.Arbitrary<Mutation> {
  const fields = Object.keys(valid)
  return fc
    .record({ field: fc.constantFrom(...fields), kind: fc.constantFrom("delete", "replace"), replacement: weirdValue })
    .map(({ field, kind, replacement }) => {
      const value = { ...valid }
      if (kind === "delete" && requiredFields.includes(field)) {
        delete value[field]
        return { field, value }
      }
      // Replacing a value by one of the same (string) type may still be valid: only a non-string is sure to be wrong.
      value[field] = typeof replacement === "string" ? { nested: replacement } : replacement
      return { field, value }
    })
}

/** Query strings: arbitrary keys and values, repeated keys (arrays), qs-style nesting (a[b]=c) and
 * dotted keys (Medusa's own query validation once answered 500 to a key with two dots). */
export const weirdQuery = fc
  .array(
    fc.tuple(
      fc.oneof(
        key,
        fc.constantFrom(
          "cart_id[a]",
          "amount[]",
          "__proto__[polluted]",
          "token[0]",
          "a.b.c",
          ".]]k.a",
          "fields.x.y[z]",
        ),
      ),
      weirdString,
    ),
    { maxLength: 5 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.slice(0, 2000))}`).join("&"))
