import { Checkbox, Input, Label, Text } from "@medusajs/ui"
import { useState } from "react"
import { useSaveLenderCredentials, useSaveLenderSettings } from "../../hooks/use-financing-lenders"
import { errorMessage } from "../../lib/format"
import type { FinancingLenderSummary } from "../../lib/types"
import { SaveFooter } from "./save-result"

type CredentialSet = "sandbox" | "live"

/**
 * The lender's credentials entered here instead of the environment, as a sandbox and a live set,
 * and which applies. Values are write-only: the page shows which options a set holds, never a
 * value; an entry replaces the saved one, "Remove" returns the option to the configuration's.
 */
export const LenderCredentialsForm = ({ lender }: { lender: FinancingLenderSummary }) => {
  const credentials = lender.settings.credentials
  const saveMode = useSaveLenderSettings(lender.slug)
  const saveSet = useSaveLenderCredentials(lender.slug)
  const [set, setSet] = useState<CredentialSet>(credentials?.mode ?? "sandbox")
  const [entries, setEntries] = useState<Record<string, string>>({})
  const [removals, setRemovals] = useState<string[]>([])
  if (!credentials) return null
  const id = (field: string) => `financing-credentials-${lender.slug}-${field}`
  const held = credentials.sets[set]

  const submit = () => {
    const values: Record<string, string | null> = {}
    for (const [option, value] of Object.entries(entries)) if (value.trim()) values[option] = value.trim()
    for (const option of removals) values[option] = null
    saveSet.mutate(
      { set, values },
      {
        onSuccess: () => {
          setEntries({})
          setRemovals([])
        },
      },
    )
  }

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid={id("form")}>
      <Text size="small" weight="plus">
        Credentials
      </Text>
      <div className="flex flex-col gap-y-1">
        <Label htmlFor={id("mode")} size="small">
          Credentials in use
        </Label>
        <select
          id={id("mode")}
          data-testid={id("mode")}
          className="bg-ui-bg-field txt-compact-small h-8 rounded-md border px-2"
          value={credentials.mode ?? ""}
          onChange={(e) => saveMode.mutate({ mode: e.target.value || null })}
        >
          <option value="">The store's configuration (environment)</option>
          <option value="sandbox" disabled={!credentials.sets.sandbox.length}>
            Sandbox set saved here
          </option>
          <option value="live" disabled={!credentials.sets.live.length}>
            Live set saved here
          </option>
        </select>
        {saveMode.isError && (
          <Text size="xsmall" className="text-ui-fg-error" data-testid={id("mode-error")}>
            {errorMessage(saveMode.error)}
          </Text>
        )}
      </div>
      <div className="flex items-center gap-x-2">
        <Label htmlFor={id("set")} size="small">
          Edit the
        </Label>
        <select
          id={id("set")}
          data-testid={id("set")}
          className="bg-ui-bg-field txt-compact-small h-8 rounded-md border px-2"
          value={set}
          onChange={(e) => setSet(e.target.value as CredentialSet)}
        >
          <option value="sandbox">sandbox set</option>
          <option value="live">live set</option>
        </select>
      </div>
      {credentials.options.map(({ option, env, secret }) => (
        <div key={option} className="grid grid-cols-[1fr_2fr_auto] items-center gap-x-3">
          <div className="flex flex-col">
            <Label htmlFor={id(option)} size="small">
              {option}
            </Label>
            <Text size="xsmall" className="text-ui-fg-subtle" data-testid={id(`${option}-state`)}>
              {held.includes(option) ? "Saved here" : `Not set here${env ? ` (${env})` : ""}`}
            </Text>
          </div>
          <Input
            id={id(option)}
            data-testid={id(option)}
            type={secret ? "password" : "text"}
            autoComplete="off"
            placeholder={held.includes(option) ? "Enter a new value to replace it" : "Enter a value"}
            value={entries[option] ?? ""}
            onChange={(e) => setEntries((all) => ({ ...all, [option]: e.target.value }))}
          />
          {held.includes(option) ? (
            <div className="flex items-center gap-x-1">
              <Checkbox
                id={id(`${option}-remove`)}
                data-testid={id(`${option}-remove`)}
                checked={removals.includes(option)}
                onCheckedChange={(on) =>
                  setRemovals((all) => (on === true ? [...all, option] : all.filter((o) => o !== option)))
                }
              />
              <Label htmlFor={id(`${option}-remove`)} size="xsmall">
                Remove
              </Label>
            </div>
          ) : (
            <span />
          )}
        </div>
      ))}
      <SaveFooter
        testId={`financing-credentials-${lender.slug}`}
        mutation={saveSet}
        saved={`Saved, encrypted. It applies while the ${set} set is in use.`}
        label="Save credentials"
        onSave={submit}
      />
    </div>
  )
}
