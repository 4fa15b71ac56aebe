// Encryption at rest for per-session lender secrets (customer tokens, SSO/SCA tokens).
//
// AES-256-GCM, a fresh random 12-byte IV per value, the 16-byte auth tag always checked. The
// configured key string is never used directly: HKDF-SHA256 with a fixed info label turns any
// string of at least 32 characters into exactly 32 key bytes, so an operator can paste a
// passphrase or a hex/base64 secret alike. Each ciphertext is stored beside the `key_id` of the
// key that sealed it, so after a rotation the right previous key is picked (and an unknown one is
// reported as such instead of as "tampered"). Callers pass associated data that binds the value
// to its row (lender, purpose, session/cart), so a ciphertext copied onto another row fails.
//
// No Medusa imports: this file is plain Node crypto and is unit-tested on its own.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "crypto"

export const MIN_ENCRYPTION_KEY_LENGTH = 32

const ALGORITHM = "aes-256-gcm"
const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_BYTES = 32
// Changing either label changes every derived key: existing rows would become unreadable.
const HKDF_SALT = "medusa-plugin-financing"
const HKDF_INFO = "medusa-plugin-financing/session-secret/aes-256-gcm/v1"
const FORMAT_VERSION = "v1"

export type SecretDecryptionFailure = "unknown-key" | "malformed" | "authentication-failed"

/** Raised instead of ever returning garbage. Messages carry key ids (hashes), never key material or plaintext. */
export class SecretDecryptionError extends Error {
  readonly reason: SecretDecryptionFailure

  constructor(reason: SecretDecryptionFailure, message: string) {
    super(message)
    this.name = "SecretDecryptionError"
    this.reason = reason
  }
}

export interface DerivedEncryptionKey {
  /** Short, non-reversible fingerprint of the derived key; safe to store and to log. */
  id: string
  key: Buffer
}

export interface SealedSecret {
  ciphertext: string
  key_id: string
}

/**
 * `label` names where the key came from (e.g. `encryptionKey`, `previousEncryptionKeys[0]`) so
 * a validation error points at the setting without echoing its value.
 */
export function deriveEncryptionKey(secret: string, label = "encryption key"): DerivedEncryptionKey {
  if (typeof secret !== "string" || secret.length < MIN_ENCRYPTION_KEY_LENGTH) {
    const got = typeof secret === "string" ? `${secret.length} characters` : typeof secret
    throw new Error(`${label} must be a string of at least ${MIN_ENCRYPTION_KEY_LENGTH} characters (got ${got}).`)
  }
  const key = Buffer.from(hkdfSync("sha256", secret, HKDF_SALT, HKDF_INFO, KEY_BYTES))
  // Hash of the derived key (not of the input) under its own label: 64 bits identify a key among
  // a handful of rotations and reveal nothing usable about a 256-bit key.
  const id = createHash("sha256").update("medusa-plugin-financing/key-id\0").update(key).digest("hex").slice(0, 16)
  return { id, key }
}

export class SecretCipher {
  private readonly current: DerivedEncryptionKey
  private readonly byId: Map<string, DerivedEncryptionKey>

  constructor(current: DerivedEncryptionKey, previous: DerivedEncryptionKey[] = []) {
    this.current = current
    this.byId = new Map([current, ...previous].map((k) => [k.id, k]))
  }

  /** Builds from key strings; throws naming the offending setting when one is too short. */
  static fromKeys(
    currentKey: string,
    previousKeys: string[] = [],
    labels = { current: "encryptionKey", previous: "previousEncryptionKeys" },
  ): SecretCipher {
    const current = deriveEncryptionKey(currentKey, labels.current)
    const previous = previousKeys.map((k, i) => deriveEncryptionKey(k, `${labels.previous}[${i}]`))
    return new SecretCipher(current, previous)
  }

  get currentKeyId(): string {
    return this.current.id
  }

  knowsKey(keyId: string): boolean {
    return this.byId.has(keyId)
  }

  seal(plaintext: string, associatedData: string): SealedSecret {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv(ALGORITHM, this.current.key, iv, { authTagLength: TAG_BYTES })
    cipher.setAAD(Buffer.from(associatedData, "utf8"))
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()])
    const tag = cipher.getAuthTag()
    return {
      ciphertext: [FORMAT_VERSION, iv, tag, body]
        .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
        .join("."),
      key_id: this.current.id,
    }
  }

  open(sealed: SealedSecret, associatedData: string): string {
    const key = this.byId.get(sealed.key_id)
    if (!key) {
      throw new SecretDecryptionError(
        "unknown-key",
        `The secret was encrypted with key ${sealed.key_id}, which is neither the current encryption key (${this.current.id}) nor one of the previous encryption keys. Add the old key to previousEncryptionKeys to read it.`,
      )
    }
    const parts = typeof sealed.ciphertext === "string" ? sealed.ciphertext.split(".") : []
    const [version, ivPart, tagPart, bodyPart] = parts
    const iv = ivPart === undefined ? undefined : Buffer.from(ivPart, "base64url")
    const tag = tagPart === undefined ? undefined : Buffer.from(tagPart, "base64url")
    if (parts.length !== 4 || version !== FORMAT_VERSION || iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES) {
      throw new SecretDecryptionError("malformed", "The stored secret is not in the expected encrypted format.")
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key.key, iv, { authTagLength: TAG_BYTES })
      decipher.setAAD(Buffer.from(associatedData, "utf8"))
      decipher.setAuthTag(tag)
      const body = Buffer.from(bodyPart, "base64url")
      return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8")
    } catch {
      // GCM cannot tell a wrong key from a modified ciphertext or a value moved to another row:
      // all three fail the tag check, and none may yield plaintext.
      throw new SecretDecryptionError(
        "authentication-failed",
        `The stored secret failed authentication with key ${key.id}: it was modified, or copied from another session, cart, lender or purpose.`,
      )
    }
  }
}
