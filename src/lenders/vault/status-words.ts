// Vault's payment status words are unpublished ([INFERRED] PENDING/SUCCESS/FAILED/CANCELLED/EXPIRED).
// A store whose partner pack shows other words maps them onto the plugin's five, without a fork.

export const VAULT_CANONICAL_STATUSES = ["PENDING", "SUCCESS", "FAILED", "CANCELLED", "EXPIRED"] as const
export type VaultCanonicalStatus = (typeof VAULT_CANONICAL_STATUSES)[number]

/** Vault's own words for each status the plugin acts on, e.g. { SUCCESS: ["PAID", "COMPLETED"] }. */
export type VaultStatusWords = Partial<Record<VaultCanonicalStatus, string[]>>

/** Upper-cases Vault's word and maps it through `words`; a word nobody mapped stays as it is. */
export function vaultStatusReader(words: VaultStatusWords = {}): (raw: unknown) => string {
  const byWord = new Map<string, string>()
  for (const [status, list] of Object.entries(words))
    for (const word of list ?? []) byWord.set(word.trim().toUpperCase(), status)
  return (raw) => {
    const word = String(raw ?? "")
      .trim()
      .toUpperCase()
    return byWord.get(word) ?? word
  }
}

/** Parses VAULT_STATUS_WORDS: "SUCCESS=PAID|COMPLETED;FAILED=DECLINED". Throws naming the bad part. */
export function parseVaultStatusWords(text: string): VaultStatusWords {
  const words: VaultStatusWords = {}
  for (const part of text
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [status, list] = part.split("=").map((s) => s?.trim())
    if (!VAULT_CANONICAL_STATUSES.includes(status as VaultCanonicalStatus) || !list) {
      throw new Error(`"${part}" is not STATUS=WORD|WORD with STATUS one of ${VAULT_CANONICAL_STATUSES.join(", ")}`)
    }
    words[status as VaultCanonicalStatus] = list
      .split("|")
      .map((w) => w.trim())
      .filter(Boolean)
  }
  return words
}
