import { MIN_ENCRYPTION_KEY_LENGTH, SecretCipher, SecretDecryptionError, deriveEncryptionKey } from "../crypto"
import { DEVELOPMENT_ENCRYPTION_KEY, MISSING_KEY_MESSAGE, resolveEncryption } from "../encryption-options"

const KEY_A = "a".repeat(MIN_ENCRYPTION_KEY_LENGTH)
const KEY_B = "correct horse battery staple, but longer than 32"
const AAD = JSON.stringify(["financing_session_secret/v1", "newday", "sca-token", "payses_1", null])

function expectDecryptionError(fn: () => unknown, reason: SecretDecryptionError["reason"]) {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(SecretDecryptionError)
    expect((e as SecretDecryptionError).reason).toBe(reason)
    return e as SecretDecryptionError
  }
  throw new Error("expected decryption to fail")
}

/** Flips one bit in the given base64url segment of a sealed value (1 = iv, 2 = tag, 3 = body). */
function flipBit(ciphertext: string, segment: number): string {
  const parts = ciphertext.split(".")
  const bytes = Buffer.from(parts[segment], "base64url")
  bytes[0] ^= 0x01
  parts[segment] = bytes.toString("base64url")
  return parts.join(".")
}

describe("deriveEncryptionKey", () => {
  it("derives 32 bytes, stable for the same input and different for another", () => {
    const a1 = deriveEncryptionKey(KEY_A)
    const a2 = deriveEncryptionKey(KEY_A)
    const b = deriveEncryptionKey(KEY_B)
    expect(a1.key).toHaveLength(32)
    expect(a1.key.equals(a2.key)).toBe(true)
    expect(a1.id).toBe(a2.id)
    expect(a1.key.equals(b.key)).toBe(false)
    expect(a1.id).not.toBe(b.id)
  })

  it("does not use the configured string as the key, and the id reveals neither", () => {
    const { key, id } = deriveEncryptionKey(KEY_A)
    expect(key.equals(Buffer.from(KEY_A).subarray(0, 32))).toBe(false)
    expect(id).toMatch(/^[0-9a-f]{16}$/)
    expect(key.toString("hex")).not.toContain(id)
  })

  it("rejects keys shorter than 32 characters, naming the setting and not the value", () => {
    expect(() => deriveEncryptionKey("short-secret-value", "encryptionKey")).toThrow(
      "encryptionKey must be a string of at least 32 characters (got 18 characters).",
    )
    expect(() => deriveEncryptionKey("short-secret-value")).not.toThrow(/short-secret-value/)
  })
})

describe("SecretCipher", () => {
  const cipher = SecretCipher.fromKeys(KEY_A)

  it("round-trips UTF-8 text and tags it with the current key id", () => {
    const sealed = cipher.seal("tøken ✓ 123", AAD)
    expect(sealed.key_id).toBe(cipher.currentKeyId)
    expect(sealed.ciphertext).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]*$/)
    expect(sealed.ciphertext).not.toContain("123")
    expect(cipher.open(sealed, AAD)).toBe("tøken ✓ 123")
  })

  it("uses a fresh IV per value, so equal plaintexts give different ciphertexts", () => {
    const one = cipher.seal("same", AAD).ciphertext
    const two = cipher.seal("same", AAD).ciphertext
    expect(one).not.toBe(two)
    expect(one.split(".")[1]).not.toBe(two.split(".")[1])
    expect(Buffer.from(one.split(".")[1], "base64url")).toHaveLength(12)
  })

  it("fails authentication when the associated data differs (value moved to another row)", () => {
    const sealed = cipher.seal("secret", AAD)
    const otherSession = AAD.replace("payses_1", "payses_2")
    expectDecryptionError(() => cipher.open(sealed, otherSession), "authentication-failed")
  })

  it.each([
    ["IV", 1],
    ["auth tag", 2],
    ["ciphertext body", 3],
  ])("fails authentication when the %s is modified", (_, segment) => {
    const sealed = cipher.seal("secret value", AAD)
    expectDecryptionError(
      () => cipher.open({ ...sealed, ciphertext: flipBit(sealed.ciphertext, segment) }, AAD),
      "authentication-failed",
    )
  })

  it("fails authentication with a different key that claims the same key id", () => {
    const sealed = cipher.seal("secret", AAD)
    const impostor = new SecretCipher({ id: cipher.currentKeyId, key: deriveEncryptionKey(KEY_B).key })
    expectDecryptionError(() => impostor.open(sealed, AAD), "authentication-failed")
  })

  it("reports an unknown key id as such, naming ids only", () => {
    const sealed = SecretCipher.fromKeys(KEY_B).seal("secret", AAD)
    const error = expectDecryptionError(() => cipher.open(sealed, AAD), "unknown-key")
    expect(error.message).toContain(sealed.key_id)
    expect(error.message).toContain("previousEncryptionKeys")
    expect(error.message).not.toContain(KEY_A)
    expect(error.message).not.toContain(KEY_B)
  })

  it.each([
    ["wrong version", (c: string) => c.replace(/^v1\./, "v2.")],
    ["missing segment", (c: string) => c.split(".").slice(0, 3).join(".")],
    [
      "truncated IV",
      (c: string) =>
        c
          .split(".")
          .map((p, i) => (i === 1 ? p.slice(0, 8) : p))
          .join("."),
    ],
    ["not a sealed value", () => "plain text token"],
  ])("rejects a malformed value (%s)", (_, mangle) => {
    const sealed = cipher.seal("secret", AAD)
    expectDecryptionError(() => cipher.open({ ...sealed, ciphertext: mangle(sealed.ciphertext) }, AAD), "malformed")
  })

  it("decrypts values sealed with a previous key and seals new ones with the current key", () => {
    const old = SecretCipher.fromKeys(KEY_A).seal("old secret", AAD)
    const rotated = SecretCipher.fromKeys(KEY_B, [KEY_A])
    expect(rotated.currentKeyId).toBe(deriveEncryptionKey(KEY_B).id)
    expect(rotated.knowsKey(old.key_id)).toBe(true)
    expect(rotated.open(old, AAD)).toBe("old secret")
    expect(rotated.seal("new", AAD).key_id).toBe(rotated.currentKeyId)
  })

  it("names the offending previous key by position when it is too short", () => {
    expect(() => SecretCipher.fromKeys(KEY_A, [KEY_B, "short"])).toThrow(
      /previousEncryptionKeys\[1\] must be a string of at least 32/,
    )
  })
})

describe("resolveEncryption", () => {
  it("prefers the module option over the environment variable", () => {
    const { cipher, source } = resolveEncryption({ encryptionKey: KEY_A }, { FINANCING_ENCRYPTION_KEY: KEY_B })
    expect(source).toBe("option")
    expect(cipher.currentKeyId).toBe(deriveEncryptionKey(KEY_A).id)
  })

  it("falls back to FINANCING_ENCRYPTION_KEY, also when the option is an empty string", () => {
    const { cipher, source } = resolveEncryption(
      { encryptionKey: "" },
      { FINANCING_ENCRYPTION_KEY: KEY_B, NODE_ENV: "production" },
    )
    expect(source).toBe("env")
    expect(cipher.currentKeyId).toBe(deriveEncryptionKey(KEY_B).id)
  })

  it("uses the labelled development key outside production", () => {
    const { cipher, source } = resolveEncryption({}, { NODE_ENV: "development" })
    expect(source).toBe("development-default")
    expect(DEVELOPMENT_ENCRYPTION_KEY).toMatch(/INSECURE/)
    expect(cipher.currentKeyId).toBe(deriveEncryptionKey(DEVELOPMENT_ENCRYPTION_KEY).id)
  })

  it("fails in production without a key, naming the option and the env var", () => {
    expect(() => resolveEncryption({}, { NODE_ENV: "production" })).toThrow(MISSING_KEY_MESSAGE)
    expect(MISSING_KEY_MESSAGE).toContain(`"encryptionKey"`)
    expect(MISSING_KEY_MESSAGE).toContain("FINANCING_ENCRYPTION_KEY")
  })

  it("rejects a short key without echoing it, saying where it came from", () => {
    const attempt = () => resolveEncryption({}, { FINANCING_ENCRYPTION_KEY: "too-short-key" })
    expect(attempt).toThrow(/environment variable FINANCING_ENCRYPTION_KEY must be a string of at least 32 characters/)
    expect(attempt).not.toThrow(/too-short-key/)
  })

  it("rejects previousEncryptionKeys that is not a list of strings", () => {
    expect(() => resolveEncryption({ encryptionKey: KEY_A, previousEncryptionKeys: KEY_B as any })).toThrow(
      /"previousEncryptionKeys" must be an array of strings/,
    )
  })
})
