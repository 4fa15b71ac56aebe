// Turns the module options (or the environment) into the cipher for session secrets, and decides
// what happens when no key is configured.
import { SecretCipher } from "./crypto"
import { ENCRYPTION_KEY_ENV_VAR } from "./constants"
import type { FinancingModuleOptions } from "./types"

/**
 * Used only outside production when nothing is configured, so the demo and tests run with zero
 * setup. It is public (it is in this file), hence the name.
 */
export const DEVELOPMENT_ENCRYPTION_KEY = "medusa-plugin-financing:INSECURE-DEVELOPMENT-KEY:do-not-use-in-production"

export type EncryptionKeySource = "option" | "env" | "development-default"

export interface ResolvedEncryption {
  cipher: SecretCipher
  source: EncryptionKeySource
}

export const MISSING_KEY_MESSAGE =
  `Financing module: no encryption key for session secrets. Set the plugin/module option "encryptionKey" ` +
  `or the environment variable ${ENCRYPTION_KEY_ENV_VAR} to a random string of at least 32 characters ` +
  `(e.g. the output of \`openssl rand -base64 48\`).`

function isSet(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== ""
}

/**
 * Validates the options and builds the cipher. Throws (failing boot) when a key is too short,
 * `previousEncryptionKeys` is not a list of strings, or — in production — no key is set at all.
 * Error messages name the setting, never its value.
 */
export function resolveEncryption(
  options: FinancingModuleOptions = {},
  env: Record<string, string | undefined> = process.env,
): ResolvedEncryption {
  const previous = options.previousEncryptionKeys ?? []
  if (!Array.isArray(previous) || previous.some((k) => typeof k !== "string")) {
    throw new Error(`Financing module: option "previousEncryptionKeys" must be an array of strings.`)
  }
  if (
    options.encryptionKey !== undefined &&
    options.encryptionKey !== null &&
    typeof options.encryptionKey !== "string"
  ) {
    throw new Error(`Financing module: option "encryptionKey" must be a string.`)
  }

  let key: string
  let source: EncryptionKeySource
  let label: string
  if (isSet(options.encryptionKey)) {
    ;[key, source, label] = [options.encryptionKey, "option", `option "encryptionKey"`]
  } else if (isSet(env[ENCRYPTION_KEY_ENV_VAR])) {
    ;[key, source, label] = [
      env[ENCRYPTION_KEY_ENV_VAR] as string,
      "env",
      `environment variable ${ENCRYPTION_KEY_ENV_VAR}`,
    ]
  } else if (env.NODE_ENV === "production") {
    throw new Error(MISSING_KEY_MESSAGE)
  } else {
    ;[key, source, label] = [DEVELOPMENT_ENCRYPTION_KEY, "development-default", "development key"]
  }

  try {
    const cipher = SecretCipher.fromKeys(key, previous, { current: label, previous: "option previousEncryptionKeys" })
    return { cipher, source }
  } catch (e) {
    throw new Error(`Financing module: ${(e as Error).message}`)
  }
}
