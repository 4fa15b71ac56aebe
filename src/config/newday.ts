import type { LenderOptionsReader } from "./types"

// The newday provider lands with its own issue; until then the store does not offer it.
export const readNewdayOptions: LenderOptionsReader = () => undefined
