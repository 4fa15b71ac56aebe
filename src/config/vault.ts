import type { LenderOptionsReader } from "./types"

// The vault provider lands with its own issue; until then the store does not offer it.
export const readVaultOptions: LenderOptionsReader = () => undefined
