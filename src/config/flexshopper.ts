import type { LenderOptionsReader } from "./types"

// The flexshopper provider lands with its own issue; until then the store does not offer it.
export const readFlexshopperOptions: LenderOptionsReader = () => undefined
