import { Input, Label, Switch, Text, Textarea } from "@medusajs/ui"
import { useState } from "react"
import { useSaveLenderSettings } from "../../hooks/use-financing-lenders"
import type { FinancingLenderSummary } from "../../lib/types"
import { SaveFooter } from "./save-result"
import { LenderPromotionFields, promotionBody, savedPromotionValues } from "./lender-promotion-fields"

/** The currencies a limit can be set in: the lender's own, else those of the regions it is enabled in. */
function limitCurrencies(lender: FinancingLenderSummary): string[] {
  const own = lender.settings.currencies
  if (own !== "any") return [...own]
  return [...new Set(lender.regions.map((r) => r.currency_code.toLowerCase()))]
}

/**
 * What the owner controls for one lender: on/off, the name and description shoppers read, order
 * limits per currency (major units, as text: money is never a float), its place in the offers, when
 * the money is taken and its finance promotions.
 * Saved by POST /admin/financing/lenders/:slug/settings; the storefront follows on its next request.
 */
export const LenderSettingsForm = ({ lender }: { lender: FinancingLenderSummary }) => {
  const settings = lender.settings
  const save = useSaveLenderSettings(lender.slug)
  const currencies = limitCurrencies(lender)
  const [enabled, setEnabled] = useState(settings.enabled)
  const [name, setName] = useState(settings.display_name)
  const [description, setDescription] = useState(settings.description ?? "")
  const [position, setPosition] = useState(String(settings.position))
  const capture = settings.capture
  const [captureOn, setCaptureOn] = useState(capture?.value ?? "")
  const [limits, setLimits] = useState<Record<string, { min: string; max: string }>>(
    Object.fromEntries(
      currencies.map((c) => [c, { min: settings.limits[c]?.min ?? "", max: settings.limits[c]?.max ?? "" }]),
    ),
  )
  const [promotion, setPromotion] = useState(savedPromotionValues(settings))
  const id = (field: string) => `financing-settings-${lender.slug}-${field}`
  const setLimit = (currency: string, side: "min" | "max", value: string) =>
    setLimits((all) => ({ ...all, [currency]: { ...all[currency], [side]: value } }))

  /** The fields as the form holds them; only those that differ from what is saved are sent. */
  const fields = (): Record<string, unknown> => ({
    enabled,
    display_name: name.trim() || null,
    description: description.trim() || null,
    ...(capture ? { capture_on: captureOn } : {}),
    ...promotionBody(promotion, lender),
    position: /^\d+$/.test(position.trim()) ? Number(position.trim()) : position.trim() === "" ? null : position,
    limits: Object.fromEntries(
      Object.entries(limits)
        .filter(([, l]) => l.min.trim() || l.max.trim())
        .map(([c, l]) => [c, { min: l.min.trim() || null, max: l.max.trim() || null }]),
    ),
  })
  const saved: Record<string, unknown> = {
    enabled: settings.enabled,
    display_name: settings.display_name,
    description: settings.description,
    position: settings.position,
    limits: settings.limits,
    // Sent only when it differs from what applies now (the owner's or the configured choice).
    capture_on: capture?.value,
    ...promotionBody(savedPromotionValues(settings), lender),
  }
  const submit = () =>
    save.mutate(
      Object.fromEntries(
        Object.entries(fields()).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(saved[key])),
      ),
    )

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid={id("form")}>
      <div className="flex items-center justify-between">
        <Text size="small" weight="plus">
          Checkout settings
        </Text>
        <div className="flex items-center gap-x-2">
          <Label htmlFor={id("enabled")} size="small">
            Offer {lender.name} at checkout
          </Label>
          <Switch id={id("enabled")} data-testid={id("enabled")} checked={enabled} onCheckedChange={setEnabled} />
        </div>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <div className="flex flex-col gap-y-1">
          <Label htmlFor={id("name")} size="small">
            Name shoppers see
          </Label>
          <Input id={id("name")} data-testid={id("name")} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor={id("position")} size="small">
            Position in the offers (0 first)
          </Label>
          <Input
            id={id("position")}
            data-testid={id("position")}
            value={position}
            onChange={(e) => setPosition(e.target.value)}
          />
        </div>
      </div>
      <div className="flex flex-col gap-y-1">
        <Label htmlFor={id("description")} size="small">
          Short description
        </Label>
        <Textarea
          id={id("description")}
          data-testid={id("description")}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      {capture && (
        <div className="flex flex-col gap-y-1">
          <Label htmlFor={id("capture")} size="small">
            When the money is taken
          </Label>
          <select
            id={id("capture")}
            data-testid={id("capture")}
            className="bg-ui-bg-field txt-compact-small h-8 rounded-md border px-2"
            value={captureOn}
            onChange={(e) => setCaptureOn(e.target.value)}
          >
            {capture.choices.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
          <Text size="xsmall" className="text-ui-fg-subtle" data-testid={id("capture-source")}>
            {capture.source === "admin"
              ? "Set here."
              : `From the store's configuration (provider option ${capture.option}); saving here overrides it.`}
          </Text>
        </div>
      )}
      <LenderPromotionFields lender={lender} values={promotion} onChange={setPromotion} />
      {currencies.map((currency) => (
        <div key={currency} className="grid grid-cols-2 gap-3">
          {(["min", "max"] as const).map((side) => (
            <div key={side} className="flex flex-col gap-y-1">
              <Label htmlFor={id(`${currency}-${side}`)} size="small">
                {side === "min" ? "Minimum" : "Maximum"} order ({currency.toUpperCase()})
              </Label>
              <Input
                id={id(`${currency}-${side}`)}
                data-testid={id(`${currency}-${side}`)}
                placeholder="No limit"
                value={limits[currency]?.[side] ?? ""}
                onChange={(e) => setLimit(currency, side, e.target.value)}
              />
            </div>
          ))}
        </div>
      ))}
      <SaveFooter
        testId={`financing-settings-${lender.slug}`}
        mutation={save}
        saved="Saved: the storefront uses it from its next request."
        onSave={submit}
      />
    </div>
  )
}
