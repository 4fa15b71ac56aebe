// Identifies one lender callback delivery: a retry or a replay of it has the same key, so what
// was done for it is found again instead of being done twice.
import { createHash } from "node:crypto"

export function deliveryKey(...parts: Array<string | Buffer>): string {
  const hash = createHash("sha256")
  // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
  for (const part of parts) hash.update(`${Buffer.byteLength(part)}:`).update(part)
  return hash.digest("hex")
}
