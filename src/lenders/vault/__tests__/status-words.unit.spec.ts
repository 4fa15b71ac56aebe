import { parseVaultStatusWords, vaultStatusReader } from "../status-words"
import { vaultOptionProblems } from "../../../providers/vault/options"
import { readVaultOptions } from "../../../providers/vault/lender"

describe("Vault status words (unpublished: a store maps its partner pack's words)", () => {
  it("parses VAULT_STATUS_WORDS and maps words case-insensitively, leaving unmapped words as they are", () => {
    const words = parseVaultStatusWords("SUCCESS=PAID|completed; FAILED=DECLINED")
    expect(words).toEqual({ SUCCESS: ["PAID", "completed"], FAILED: ["DECLINED"] })
    const read = vaultStatusReader(words)
    expect([read("paid"), read("COMPLETED"), read("declined"), read("pending"), read(undefined)]).toEqual([
      "SUCCESS",
      "SUCCESS",
      "FAILED",
      "PENDING",
      "",
    ])
  })

  it("refuses a malformed setting, naming it", () => {
    expect(() => parseVaultStatusWords("DONE=PAID")).toThrow(/"DONE=PAID" is not STATUS=WORD/)
    expect(() =>
      readVaultOptions(
        { FINANCING_SANDBOX_URL: "http://127.0.0.1:9100", VAULT_STATUS_WORDS: "SUCCESS" },
        "http://localhost:9000",
      ),
    ).toThrow(/env VAULT_STATUS_WORDS/)
    expect(
      readVaultOptions(
        {
          FINANCING_SANDBOX_URL: "http://127.0.0.1:9100",
          VAULT_STATUS_WORDS: "SUCCESS=PAID",
          VAULT_FIELD_REDIRECT_URL: "returnLink",
        },
        "http://localhost:9000",
      ),
    ).toMatchObject({ statusWords: { SUCCESS: ["PAID"] }, redirectUrlField: "returnLink" })
  })

  it("boot validation names the option and its env var", () => {
    const problems = vaultOptionProblems({ statusWords: { DONE: ["X"] } as never, redirectUrlField: "bad field" })
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/option "statusWords" has an unknown status "DONE".*VAULT_STATUS_WORDS/),
        expect.stringMatching(/option "redirectUrlField" must be a field name.*VAULT_FIELD_REDIRECT_URL/),
      ]),
    )
    expect(vaultOptionProblems({ statusWords: { SUCCESS: [] } }).join()).toMatch(/\.SUCCESS must be a non-empty list/)
  })
})
