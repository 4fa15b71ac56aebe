// Credentials an owner enters in Settings → Financing, per lender, as a "sandbox" and a "live" set.
// Each value is replaced or removed, never read back: the financing module seals the sets as one
// AES-256-GCM ciphertext, the change log names the options that changed, and no answer, log line
// or error carries a value. A set applies once the owner switches the lender's mode to it
// (lender-settings.ts); every call to the lender then uses it (provider-kit/owner-options.ts).
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { FINANCING_MODULE } from "../../modules/financing/constants"
import type { LenderSettingsStore } from "../../modules/financing/types"
import { findLenderProviderOptions } from "../../provider-kit/provider-options"
import type { AnyLenderDefinition } from "../../providers/lenders"
import { issueProblems } from "./lender-settings"

export const LenderCredentialsBody = z
  .object({
    set: z.enum(["sandbox", "live"]),
    // A value replaces the option's; null removes it (the configuration's applies again).
    values: z.record(z.string(), z.string().trim().min(1).max(8192).nullable()),
  })
  .strict()

function invalid(lender: AnyLenderDefinition, problems: string[]): MedusaError {
  return new MedusaError(MedusaError.Types.INVALID_DATA, `${lender.name} credentials: ${problems.join("; ")}`)
}

/** A message with every given value masked: option checks may quote what they were given. */
function masked(message: string, values: string[]): string {
  return values.filter((v) => v.length >= 4).reduce((text, value) => text.split(value).join("•••"), message)
}

export async function saveLenderCredentials(
  container: Pick<MedusaContainer, "resolve">,
  lender: AnyLenderDefinition,
  body: unknown,
  actorId: string | null,
) {
  const parsed = LenderCredentialsBody.safeParse(body ?? {})
  if (!parsed.success) throw invalid(lender, issueProblems(parsed.error.issues))
  const { set, values } = parsed.data
  const unknown = Object.keys(values).filter((option) => !lender.adminCredentials.includes(option))
  if (unknown.length) {
    throw invalid(lender, [
      `values: ${unknown.join(", ")} cannot be set here (one of ${lender.adminCredentials.join(", ")})`,
    ])
  }
  if (!Object.keys(values).length) throw invalid(lender, ["values: give at least one option to replace or remove"])

  const store = container.resolve<LenderSettingsStore>(FINANCING_MODULE)
  // The options as they would apply with this set chosen, checked as the provider checks them at boot.
  const current = (await store.readLenderCredentials(lender.slug))?.[set] ?? {}
  const next: Record<string, string> = { ...current }
  for (const [option, value] of Object.entries(values)) {
    if (value === null) delete next[option]
    else next[option] = value
  }
  const configured = findLenderProviderOptions<Record<string, unknown>>(container, lender.slug) ?? {}
  const problems = lender.optionProblems({ ...configured, ...next })
  if (problems.length) {
    const secrets = Object.values(next)
    // The checks start with the lender's name, which the message already gives.
    const own = (problem: string) => masked(problem.replace(`${lender.name}: `, ""), secrets)
    throw invalid(lender, [`with the ${set} set, ${problems.map(own).join("; ")}`])
  }
  return await store.saveLenderCredentials(lender.slug, set, values, actorId)
}
